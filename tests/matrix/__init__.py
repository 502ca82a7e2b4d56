"""The permission matrix: every URL, every role, the expected answer.

Each app has a module here with ``RULES`` (a list of ``Rule``) and ``world(base)``,
which adds the objects its URLs need to the shared ``base`` world and returns it.
``tests/test_permission_matrix.py`` walks the URLconf and fails for any URL
without a rule, so a new view cannot ship without saying who may open it.

The representative in the world (``REP``) speaks for ``own_institution``; object URLs
point at objects of ``other_institution`` unless a rule says otherwise, so the matrix
also proves that guessing another institution's URLs answers 404. A fifth actor,
``REP_B``, speaks for ``other_institution``: the owner of those objects. A rule that does
not name ``REP_B`` expects for it what it expects for ``REP`` (pages that do not depend on
the institution); rules about the other institution's objects say what its owner gets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

ANON, SEC, COORD, REP = "anonymous", "secretariat", "coordinator", "representative"
REP_B = "representative_b"
ACTORS = (ANON, SEC, COORD, REP, REP_B)


@dataclass(frozen=True)
class Rule:
    url_name: str
    expect: dict[str, int]
    kwargs: Callable[[dict], dict] = field(default=lambda w: {})
    method: str = "get"
    data: Callable[[dict], dict] = field(default=lambda w: {})

    def expected(self, actor: str) -> int:
        if actor == REP_B:
            return self.expect.get(REP_B, self.expect[REP])
        return self.expect[actor]

    @property
    def id(self) -> str:
        return f"{self.method.upper()} {self.url_name}"


def everyone(status: int = 200, anonymous: int = 302) -> dict[str, int]:
    return {ANON: anonymous, SEC: status, COORD: status, REP: status}


def secretariat_only(ok: int = 200, denied: int = 403) -> dict[str, int]:
    return {ANON: 302, SEC: ok, COORD: denied, REP: denied}
