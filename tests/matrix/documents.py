from portal.documents.models import GeneratedDocument
from tests.documents.factories import document_for
from tests.matrix import ANON, COORD, REP, REP_B, SEC, Rule, everyone


def world(base: dict) -> dict:
    other, own = base["other_institution"], base["own_institution"]
    base["other_document"] = document_for(other)
    base["own_document"] = document_for(own)
    base["other_failed"] = document_for(other, status=GeneratedDocument.Status.FAILED)
    base["own_failed"] = document_for(own, status=GeneratedDocument.Status.FAILED)
    return base


def request_for(key):
    return lambda w: {"institution-object": w[key].pk, "institution-language": "en"}


INSTITUTION = {"kind": "institution"}
# Signed-in users with a role may open and request; the representative only about
# their own institution: another institution's report answers 404.
# REP_B is the other institution's representative: the other way round.
OWN_OK = {ANON: 302, SEC: 302, COORD: 302, REP: 302, REP_B: 404}
OTHER_404 = {ANON: 302, SEC: 302, COORD: 302, REP: 404, REP_B: 302}

RULES = [
    Rule("documents:reports", everyone()),
    Rule("documents:list", everyone()),
    Rule(
        "documents:request",
        OTHER_404,
        kwargs=lambda w: INSTITUTION,
        method="post",
        data=request_for("other_institution"),
    ),
    Rule(
        "documents:request",
        OWN_OK,
        kwargs=lambda w: INSTITUTION,
        method="post",
        data=request_for("own_institution"),
    ),
    Rule(
        "documents:download",
        {ANON: 302, SEC: 200, COORD: 200, REP: 404, REP_B: 200},
        kwargs=lambda w: {"pk": w["other_document"].pk},
    ),
    Rule(
        "documents:download",
        {**everyone(), REP_B: 404},
        kwargs=lambda w: {"pk": w["own_document"].pk},
    ),
    Rule(
        "documents:retry",
        OTHER_404,
        kwargs=lambda w: {"pk": w["other_failed"].pk},
        method="post",
    ),
    Rule("documents:retry", OWN_OK, kwargs=lambda w: {"pk": w["own_failed"].pk}, method="post"),
]
