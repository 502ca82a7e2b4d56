"""The browser enforces the Content-Security-Policy: an injected inline script does not run."""

import pytest


@pytest.mark.django_db
def test_an_inline_script_is_refused_by_the_browser(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    reports: list[str] = []
    page.on("console", lambda message: reports.append(message.text))
    page.goto("/accounts/login/")
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.head.appendChild(script);
        }"""
    )
    assert page.evaluate("window.injected === undefined")
    assert any("Content Security Policy" in text for text in reports), reports
    # The portal's own scripts (Bootstrap, htmx) did load.
    assert page.evaluate("typeof window.bootstrap === 'object' && typeof window.htmx === 'object'")
    context.close()
