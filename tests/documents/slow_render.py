"""Test-only, imported by a worker started with PORTAL_TEST_RENDER_DELAY (tests/settings.py).

Each PDF takes that many seconds longer to render, so a test can kill the worker while it
renders. Nothing outside the tests imports this module.
"""

import os
import time

from portal.documents import rendering

_real_html_to_pdf = rendering.html_to_pdf


def _slow_html_to_pdf(html: str, **kwargs) -> bytes:
    pdf = _real_html_to_pdf(html, **kwargs)
    time.sleep(float(os.environ["PORTAL_TEST_RENDER_DELAY"]))
    return pdf


rendering.html_to_pdf = _slow_html_to_pdf
