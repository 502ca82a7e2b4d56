"""Shared places that apps add to from their AppConfig.ready.

``portal`` imports no app: each app's ``AppConfig.ready()`` registers its navigation
entries, home-page panels, account links and demo-data steps here (and its document
kinds, reminder rules and role grants in their registries), and portal asks the
registry. Nothing registers when a module is imported, and adding an entry equal to one
already there changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class NavItem:
    label: Any
    url_name: str
    visible: Callable[[Any], bool]
    order: int = 100
    section: str = ""


@dataclass(frozen=True)
class HomePanel:
    """A panel on the home page: ``context(request)`` returns the template context or None."""

    template: str
    context: Callable[[Any], dict | None]
    order: int = 100


@dataclass(frozen=True)
class DemoStep:
    name: str
    load: Callable[..., None]
    order: int = 100


@dataclass(frozen=True)
class AccountLink:
    """A link on the "My account" page, shown when ``visible(user)``."""

    label: Any
    url_name: str
    visible: Callable[[Any], bool]
    order: int = 100


@dataclass
class Registry:
    nav: list[NavItem] = field(default_factory=list)
    home_panels: list[HomePanel] = field(default_factory=list)
    demo_steps: list[DemoStep] = field(default_factory=list)
    account_links: list[AccountLink] = field(default_factory=list)

    @staticmethod
    def _add(entries: list, entry) -> None:
        if entry not in entries:
            entries.append(entry)
            entries.sort(key=lambda e: e.order)

    def add_account_link(self, link: AccountLink) -> None:
        self._add(self.account_links, link)

    def add_nav(self, item: NavItem) -> None:
        self._add(self.nav, item)

    def add_home_panel(self, panel: HomePanel) -> None:
        self._add(self.home_panels, panel)

    def add_demo_step(self, step: DemoStep) -> None:
        self._add(self.demo_steps, step)


registry = Registry()
