from institutions.models import GroupMembership
from tests.factories import PersonFactory
from tests.matrix import ANON, COORD, REP, SEC, Rule, everyone, secretariat_only


def world(base: dict) -> dict:
    base["other_person"] = PersonFactory(institution=base["other_institution"])
    base["other_membership"] = GroupMembership.objects.get(institution=base["other_institution"])
    return base


def inst(w):
    return {"pk": w["other_institution"].pk}


RULES = [
    Rule("institutions:list", everyone()),
    Rule("institutions:detail", everyone(), kwargs=inst),
    Rule("institutions:create", secretariat_only()),
    Rule("institutions:edit", secretariat_only(), kwargs=inst),
    Rule("institutions:edit", secretariat_only(200), kwargs=inst, method="post"),
    Rule(
        "institutions:person_create",
        secretariat_only(),
        kwargs=lambda w: {"institution_pk": w["other_institution"].pk},
    ),
    Rule(
        "institutions:person_edit",
        secretariat_only(),
        kwargs=lambda w: {"pk": w["other_person"].pk},
    ),
    # The coordinator has a person but only reads (COORDINATOR_EDITS_OWN_CONTACT is off).
    Rule("institutions:my_contact", {ANON: 302, SEC: 200, COORD: 403, REP: 200}),
    Rule(
        "institutions:my_contact",
        {ANON: 302, SEC: 302, COORD: 403, REP: 302},
        method="post",
        data=lambda w: {"position": "x", "email": "x@example.org", "language": "en"},
    ),
    Rule(
        "institutions:membership_create",
        secretariat_only(),
        kwargs=lambda w: {"institution_pk": w["other_institution"].pk},
    ),
    Rule(
        "institutions:membership_edit",
        secretariat_only(),
        kwargs=lambda w: {"pk": w["other_membership"].pk},
    ),
    Rule("institutions:group_list", everyone()),
    Rule("institutions:group_detail", everyone(), kwargs=lambda w: {"pk": w["group"].pk}),
    Rule("institutions:group_create", secretariat_only()),
    Rule("institutions:group_edit", secretariat_only(), kwargs=lambda w: {"pk": w["group"].pk}),
]
