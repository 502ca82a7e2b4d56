"""The reminder-rule registry: apps say what to e-mail, and when, from AppConfig.ready.

``portal`` imports no app. An app registers the *kinds* of notification it sends (what a
user can turn off on their preferences page) and the *rules* that decide, for a given
``now``, which notifications are due. A rule returns :class:`Spec` objects; the outbox
service turns each spec into one Notification row, unique per rule, object, recipient and
occasion, so a rule may return the same spec on every run and it is e-mailed once.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

DAILY = "daily"  # run once a day, at settings.REMINDER_HOUR
FREQUENT = "frequent"  # run every few minutes (invitations, updates)
SCHEDULES = (DAILY, FREQUENT)


@dataclass(frozen=True)
class Kind:
    """A kind of notification a user may turn off; ``key`` is stored on each row."""

    key: str
    label: Any
    help_text: Any = ""
    order: int = 100


@dataclass(frozen=True)
class Recipient:
    """Who gets the e-mail. ``user_id`` links preferences; ``obj`` (e.g. a Person) is recorded."""

    email: str
    name: str = ""
    language: str = "en"
    user_id: int | None = None
    obj: Any = None

    @property
    def ref(self) -> str:
        """A stable identity for the unique key: the recorded object, else the address."""
        if self.obj is not None:
            meta = self.obj._meta
            return f"{meta.app_label}.{meta.model_name}:{self.obj.pk}"
        return self.email.strip().lower()


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


@dataclass(frozen=True)
class Spec:
    """One notification a rule wants sent.

    ``template`` names three templates: ``<template>_subject.txt``, ``<template>.txt`` and
    ``<template>.html``, rendered with ``context`` in the recipient's language when the row
    is created. ``occasion`` tells repeated notifications about one object apart (a date,
    a sequence number); together with the rule, object and recipient it makes the key.
    """

    recipient: Recipient
    kind: str
    obj: Any
    occasion: str
    template: str
    context: dict = field(default_factory=dict)
    attachment: Attachment | None = None


@dataclass(frozen=True)
class Rule:
    """``due(now)`` yields the specs due at ``now`` (an aware datetime).

    ``still_valid(obj, occasion)``, if given, is asked just before a row is sent (it may
    have waited for a retry): False withdraws it, e.g. a reminder for a date the meeting
    has been moved from. A row whose object was deleted is withdrawn too.
    """

    name: str
    due: Callable[[datetime.datetime], Iterable[Spec]]
    schedule: str = DAILY
    still_valid: Callable[[Any, str], bool] | None = None

    def __post_init__(self):
        if self.schedule not in SCHEDULES:
            raise ValueError(f"Unknown schedule {self.schedule!r}")


_kinds: dict[str, Kind] = {}
_rules: dict[str, Rule] = {}


def register_kind(kind: Kind) -> None:
    _kinds[kind.key] = kind


def register_rule(rule: Rule) -> None:
    """Register (or replace, by name) a rule; registering twice is harmless."""
    _rules[rule.name] = rule


def kinds() -> list[Kind]:
    return sorted(_kinds.values(), key=lambda k: (k.order, k.key))


def kind_label(key: str) -> Any:
    kind = _kinds.get(key)
    return kind.label if kind else key


def rules(schedule: str | None = None) -> list[Rule]:
    return [r for r in _rules.values() if schedule is None or r.schedule == schedule]


def get_rule(name: str) -> Rule | None:
    return _rules.get(name)
