from django.core.files.uploadedfile import SimpleUploadedFile

from meetings import services
from meetings.models import Guest, Meeting
from tests.matrix import ANON, COORD, REP, REP_B, SEC, Rule, everyone, secretariat_only
from tests.meetings.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    DecisionFactory,
    MeetingFactory,
)


def world(base: dict) -> dict:
    meeting = MeetingFactory(group=base["group"], status=Meeting.Status.MINUTES_CIRCULATED)
    item = AgendaItemFactory(meeting=meeting)
    base["meeting"] = meeting
    base["agenda_item"] = item
    base["decision"] = DecisionFactory(meeting=meeting, agenda_item=item)
    base["other_action"] = ActionItemFactory(meeting=meeting, owner=base["other_institution"])
    base["own_action"] = ActionItemFactory(meeting=meeting, owner=base["own_institution"])
    base["guest"] = Guest.objects.create(meeting=meeting, name="Guest", organisation="UNDP")
    base["attachment"] = services.attachment_add(
        meeting=meeting,
        upload=SimpleUploadedFile("notes.pdf", b"%PDF notes", "application/pdf"),
    )
    # An internal agenda item and what hangs on it: the secretariat's and coordinators'.
    internal = AgendaItemFactory(meeting=meeting, internal=True)
    base["internal_item"] = internal
    base["internal_decision"] = DecisionFactory(meeting=meeting, agenda_item=item, internal=True)
    base["internal_action"] = ActionItemFactory(
        meeting=meeting, agenda_item=internal, owner=base["own_institution"]
    )
    base["internal_attachment"] = services.attachment_add(
        meeting=meeting,
        agenda_item=internal,
        upload=SimpleUploadedFile("internal.pdf", b"%PDF internal", "application/pdf"),
    )
    return base


def meeting(w):
    return {"pk": w["meeting"].pk}


def item(w):
    return {"pk": w["agenda_item"].pk}


SEC_POST = secretariat_only(302)

RULES = [
    Rule("meetings:list", everyone()),
    Rule("meetings:detail", everyone(), kwargs=meeting),
    Rule("meetings:ics", everyone(), kwargs=meeting),
    Rule("meetings:attendance_export", everyone(), kwargs=meeting),
    Rule("meetings:create", secretariat_only()),
    Rule("meetings:edit", secretariat_only(), kwargs=meeting),
    Rule("meetings:edit", secretariat_only(200), kwargs=meeting, method="post"),
    Rule("meetings:status", SEC_POST, kwargs=meeting, method="post"),
    Rule("meetings:agenda_add", secretariat_only(), kwargs=meeting),
    Rule("meetings:agenda_matters_arising", SEC_POST, kwargs=meeting, method="post"),
    Rule("meetings:agenda_edit", secretariat_only(), kwargs=item),
    Rule(
        "meetings:agenda_move",
        SEC_POST,
        kwargs=lambda w: {"pk": w["agenda_item"].pk, "direction": "up"},
        method="post",
    ),
    Rule("meetings:agenda_delete", SEC_POST, kwargs=item, method="post"),
    Rule("meetings:attendance", secretariat_only(), kwargs=meeting),
    Rule("meetings:guest_add", secretariat_only(), kwargs=meeting),
    Rule("meetings:guest_delete", SEC_POST, kwargs=lambda w: {"pk": w["guest"].pk}, method="post"),
    Rule("meetings:decision_add", secretariat_only(), kwargs=meeting),
    Rule("meetings:decisions", everyone()),
    Rule("meetings:decision_edit", secretariat_only(), kwargs=lambda w: {"pk": w["decision"].pk}),
    Rule("meetings:action_add", secretariat_only(), kwargs=meeting),
    Rule("meetings:actions", everyone()),
    Rule("meetings:action_edit", secretariat_only(), kwargs=lambda w: {"pk": w["other_action"].pk}),
    Rule(
        "meetings:action_done",
        {ANON: 302, SEC: 302, COORD: 403, REP: 404, REP_B: 302},
        kwargs=lambda w: {"pk": w["other_action"].pk},
        method="post",
    ),
    Rule(
        "meetings:action_done",
        {ANON: 302, SEC: 302, COORD: 403, REP: 302, REP_B: 404},
        kwargs=lambda w: {"pk": w["own_action"].pk},
        method="post",
    ),
    # Internal items: out of every representative's reach, even their own institution's.
    Rule(
        "meetings:action_done",
        {ANON: 302, SEC: 302, COORD: 403, REP: 404, REP_B: 404},
        kwargs=lambda w: {"pk": w["internal_action"].pk},
        method="post",
    ),
    Rule(
        "meetings:attachment",
        {ANON: 302, SEC: 200, COORD: 200, REP: 404},
        kwargs=lambda w: {"pk": w["internal_attachment"].pk},
    ),
    Rule(
        "meetings:agenda_edit", secretariat_only(), kwargs=lambda w: {"pk": w["internal_item"].pk}
    ),
    Rule(
        "meetings:decision_edit",
        secretariat_only(),
        kwargs=lambda w: {"pk": w["internal_decision"].pk},
    ),
    Rule(
        "meetings:action_edit", secretariat_only(), kwargs=lambda w: {"pk": w["internal_action"].pk}
    ),
    Rule("meetings:minutes", secretariat_only(), kwargs=meeting),
    Rule("meetings:comment", {ANON: 302, SEC: 200, COORD: 403, REP: 200}, kwargs=meeting),
    Rule(
        "meetings:comment",
        {ANON: 302, SEC: 302, COORD: 403, REP: 302},
        kwargs=meeting,
        method="post",
        data=lambda w: {"text": "A comment"},
    ),
    Rule("meetings:attachment_add", secretariat_only(), kwargs=meeting),
    Rule("meetings:attachment", everyone(), kwargs=lambda w: {"pk": w["attachment"].pk}),
    Rule(
        "meetings:attachment_delete",
        SEC_POST,
        kwargs=lambda w: {"pk": w["attachment"].pk},
        method="post",
    ),
]
