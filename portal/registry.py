"""Shared places that apps add to from their AppConfig.ready.

``portal`` imports no app: each app registers its navigation entries, home-page
panels and demo-data steps here, and portal asks the registry.
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

    def add_account_link(self, link: AccountLink) -> None:
        self.account_links.append(link)
        self.account_links.sort(key=lambda link: link.order)

    def add_nav(self, item: NavItem) -> None:
        self.nav.append(item)
        self.nav.sort(key=lambda i: i.order)

    def add_home_panel(self, panel: HomePanel) -> None:
        self.home_panels.append(panel)
        self.home_panels.sort(key=lambda p: p.order)

    def add_demo_step(self, step: DemoStep) -> None:
        self.demo_steps.append(step)
        self.demo_steps.sort(key=lambda s: s.order)


registry = Registry()
