"""Two people editing one record: helpers for the stale-save tests.

Each session loads the edit page and posts back what its form holds (every input,
textarea and select, hidden version included) with its own changes, as a browser does.
"""

from __future__ import annotations

from html.parser import HTMLParser

from django.test import Client

SAVED = "Nothing was saved"


class _FormValues(HTMLParser):
    """The values a browser would post from the page's ``method="post"`` forms."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self._textarea: str | None = None
        self._select: str | None = None
        self._option: str | None = None
        self._selected = False

    def _add(self, name: str, value: str) -> None:
        self.values.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attr = dict(attrs)
        name = attr.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = attr.get("type", "text")
            if kind in ("submit", "button", "file", "reset"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attr:
                    self._add(name, attr.get("value", "on"))
                return
            self._add(name, attr.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self._add(name, "")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            self._option = attr.get("value", "")
            if "selected" in attr:
                self._add(self._select, self._option)

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            if self._textarea:
                text = self.values[self._textarea][-1]
                self.values[self._textarea][-1] = text.removeprefix("\n")
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_values(page: str) -> dict[str, list[str]]:
    parser = _FormValues()
    parser.feed(page)
    return parser.values


def session(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def conflict_section(page: str) -> str:
    """The part of the page that shows their version beside the user's."""
    start = page.index('id="conflict-title"')
    return page[start : page.index("</section>", start)]


def race(user, url: str, first: dict, second: dict, *, other_user=None):
    """Two sessions open ``url``; the first saves ``first``, then the second ``second``.

    Returns the second's response; asserts the first was saved (a redirect) and the
    second refused (the form again, with the message).
    """
    one, two = session(user), session(other_user or user)
    one_form = form_values(one.get(url).content.decode())
    two_form = form_values(two.get(url).content.decode())
    assert "version" in "".join(one_form), "the form carries the record's version"
    saved = one.post(url, {**one_form, **first})
    assert saved.status_code == 302, saved.content.decode()[:3000]
    refused = two.post(url, {**two_form, **second})
    assert refused.status_code == 200
    assert SAVED in refused.content.decode()
    return refused
