"""Filters for the plain-text e-mail templates."""

from __future__ import annotations

import re

from django import template

register = template.Library()

# C0 and C1 control characters (CR, LF, tab, escape, NUL...) and the Unicode line and
# paragraph separators: each could start a new line, or fake one, in a plain-text e-mail.
_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


@register.filter
def oneline(value) -> str:
    """A single-line field (title, city, name) as one line: breaks and controls become spaces."""
    return " ".join(_BREAKS.sub(" ", str(value)).split())
