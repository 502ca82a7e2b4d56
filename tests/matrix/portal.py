from tests.matrix import ANON, COORD, REP, SEC, Rule, everyone


def world(base: dict) -> dict:
    return base


RULES = [
    Rule("home", everyone()),
    Rule("account", everyone()),
    Rule("healthz", everyone(anonymous=200)),
    Rule("login", {ANON: 200, SEC: 302, COORD: 302, REP: 302}),
    Rule("logout", everyone(302, anonymous=302), method="post"),
    Rule("password_change", everyone()),
    Rule("password_change_done", everyone()),
    Rule("password_reset", everyone(anonymous=200)),
    Rule("password_reset_done", everyone(anonymous=200)),
    Rule("password_reset_complete", everyone(anonymous=200)),
    Rule(
        "password_reset_confirm",
        everyone(anonymous=200),
        kwargs=lambda w: {"uidb64": "MQ", "token": "set-password"},
    ),
    Rule(
        "set_language",
        everyone(302, anonymous=302),
        method="post",
        data=lambda w: {"language": "bs"},
    ),
]
