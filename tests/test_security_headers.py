"""Every page, for the secretariat and for a visitor, carries the security headers, and
no page has an inline script or inline style the Content-Security-Policy would block."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests import test_permission_matrix as matrix
from tests.matrix import ANON, SEC

world = matrix.world

GET_RULES = [rule for rule in matrix.RULES if rule.method == "get"]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE)
DENIED_FEATURES = ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()")


def check_headers(response, what: str) -> None:
    csp = response.get("Content-Security-Policy", "")
    assert "default-src 'self'" in csp, f"{what}: no Content-Security-Policy"
    for directive in (
        "script-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ):
        assert directive in csp, f"{what}: {directive!r} missing from {csp!r}"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, what
    assert response.get("X-Content-Type-Options") == "nosniff", what
    assert response.get("Referrer-Policy") == "same-origin", what
    policy = response.get("Permissions-Policy", "")
    for feature in DENIED_FEATURES:
        assert feature in policy, f"{what}: {feature} missing from Permissions-Policy {policy!r}"


def check_no_inline_code(response, what: str) -> None:
    if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
        return
    html = response.content.decode()
    assert not INLINE_SCRIPT.findall(html), f"{what}: inline <script> {INLINE_SCRIPT.findall(html)}"
    assert not INLINE_HANDLER.findall(html), (
        f"{what}: inline handler {INLINE_HANDLER.findall(html)}"
    )
    assert not INLINE_STYLE.findall(html), f"{what}: inline style {INLINE_STYLE.findall(html)}"


@pytest.mark.parametrize("role", [ANON, SEC])
def test_every_page_carries_the_security_headers(client, world, role):
    if role != ANON:
        client.force_login(world["users"][role])
    scanned = 0
    for rule in GET_RULES:
        url = reverse(rule.url_name, kwargs=rule.kwargs(world))
        response = client.get(url, rule.data(world))
        what = f"{role} GET {url} ({response.status_code})"
        check_headers(response, what)
        check_no_inline_code(response, what)
        scanned += 1
    assert scanned >= 50, "the scan walked the permission matrix's pages"


@pytest.mark.parametrize(
    "url", ["/accounts/login/", "/healthz", "/no-such-page/", "/static/portal/portal.css"]
)
def test_login_health_missing_pages_and_static_files_carry_them_too(client, db, url):
    response = client.get(url)
    check_headers(response, f"GET {url} ({response.status_code})")
