from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from institutions.models import Person
from meetings import services
from meetings.forms import (
    ActionItemFilterForm,
    ActionItemForm,
    AgendaItemForm,
    AttachmentForm,
    AttendanceForm,
    CommentForm,
    DecisionForm,
    GuestForm,
    MeetingFilterForm,
    MeetingForm,
    MinutesForm,
    StatusForm,
)
from meetings.ical import meeting_to_ical
from meetings.models import (
    ActionItem,
    AgendaItem,
    Attachment,
    Decision,
    Guest,
    Meeting,
)
from meetings.selectors import decisions_register, meeting_record, meetings_for
from portal.exports import FORMATS, Column, tabular_response
from portal.roles import institution_id_of, is_secretariat, member_required, perm_required
from portal.views import form_page

# --- Access helpers: one per owned object; anything out of reach is a 404 ------------


def get_meeting_for_user(user, pk: int) -> Meeting:
    meeting = meetings_for(user).filter(pk=pk).first()
    if meeting is None:
        raise Http404
    return meeting


def get_agenda_item_for_user(user, pk: int) -> AgendaItem:
    item = AgendaItem.objects.select_related("meeting").filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def get_action_item_for_user(user, pk: int, *, write: bool = False) -> ActionItem:
    """Representatives may change only their own institution's action items."""
    items = ActionItem.objects.select_related("meeting", "owner")
    if write and not is_secretariat(user):
        items = items.filter(owner_id=institution_id_of(user) or -1)
    item = items.filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def get_attachment_for_user(user, pk: int) -> Attachment:
    attachment = Attachment.objects.select_related("meeting").filter(pk=pk).first()
    if attachment is None:
        raise Http404
    return attachment


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- Meetings -------------------------------------------------------------------


@member_required
def meeting_list(request):
    filters = MeetingFilterForm(request.GET or None)
    meetings = meetings_for(request.user).annotate(
        item_count=Count("agenda_items", distinct=True),
        decision_count=Count("decisions", distinct=True),
        present_count=Count("attendances", filter=Q(attendances__status="present"), distinct=True),
    )
    if filters.is_valid():
        data = filters.cleaned_data
        if data["q"]:
            q = data["q"]
            meetings = meetings.filter(
                Q(title__icontains=q)
                | Q(city__icontains=q)
                | Q(venue__icontains=q)
                | Q(summary__icontains=q)
            )
        if data["kind"]:
            meetings = meetings.filter(kind=data["kind"])
        if data["year"]:
            meetings = meetings.filter(date__year=data["year"])
        if data["status"]:
            meetings = meetings.filter(status=data["status"])
    today = timezone.localdate()
    upcoming = list(meetings.filter(date__gte=today).order_by("date", "start_time"))
    past = list(meetings.filter(date__lt=today).order_by("-date", "-start_time"))
    return render(
        request,
        "meetings/meeting_list.html",
        {"upcoming": upcoming, "past": past, "filters": filters},
    )


@member_required
def meeting_detail(request, pk: int):
    meeting = get_meeting_for_user(request.user, pk)
    record = meeting_record(meeting)
    allowed = sorted(services.TRANSITIONS.get(record.meeting.status, set()))
    person = getattr(request.user, "person", None)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "record": record,
            "meeting": record.meeting,
            "status_form": StatusForm(meeting=record.meeting, allowed=allowed) if allowed else None,
            "comment_form": CommentForm(),
            "own_institution_id": person.institution_id if person else None,
            "matters_arising": services.matters_arising_candidates(record.meeting).exists()
            if record.meeting.status == Meeting.Status.PLANNED
            else False,
        },
    )


@member_required
def meeting_ics(request, pk: int):
    meeting = get_meeting_for_user(request.user, pk)
    response = HttpResponse(meeting_to_ical(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{meeting.group.short_name}-{meeting.number}.ics"'
    )
    return response


@perm_required("meetings.add_meeting")
def meeting_create(request):
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(data=form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s created.") % {"name": meeting.ordinal_name.capitalize()}
            )
            return redirect(meeting)
    return form_page(request, form=form, title=_("New meeting"), cancel_url="meetings:list")


@perm_required("meetings.change_meeting")
def meeting_edit(request, pk: int):
    meeting = get_meeting_for_user(request.user, pk)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "group"}
        try:
            services.meeting_update(meeting=meeting, data=data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Meeting saved."))
            return redirect(meeting)
    return form_page(
        request,
        form=form,
        title=_("Edit %(name)s") % {"name": meeting.ordinal_name},
        cancel_url=meeting.get_absolute_url(),
    )


@perm_required("meetings.change_meeting")
@require_POST
def meeting_status(request, pk: int):
    meeting = get_meeting_for_user(request.user, pk)
    allowed = sorted(services.TRANSITIONS.get(meeting.status, set()))
    form = StatusForm(request.POST, meeting=meeting, allowed=allowed)
    if form.is_valid():
        try:
            services.meeting_set_status(
                meeting=meeting,
                status=form.cleaned_data["status"],
                approved_at=form.cleaned_data["approved_at"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("Status: %(status)s.") % {"status": meeting.get_status_display()}
            )
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(meeting)


# --- Agenda -----------------------------------------------------------------------


@perm_required("meetings.add_agendaitem")
def agenda_add(request, pk: int):
    meeting = get_meeting_for_user(request.user, pk)
    form = AgendaItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.agenda_item_create(meeting=meeting, data=form.cleaned_data)
        messages.success(request, _("Agenda item added."))
        return redirect(meeting.get_absolute_url() + "#agenda")
    return form_page(
        request,
        form=form,
        title=_("New agenda item"),
        cancel_url=meeting.get_absolute_url(),
        intro=meeting.title,
    )


@perm_required("meetings.change_agendaitem")
def agenda_edit(request, pk: int):
    item = get_agenda_item_for_user(request.user, pk)
    form = AgendaItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Agenda item saved."))
        return redirect(item)
    return form_page(
        request,
        form=form,
        title=_("Edit agenda item"),
        cancel_url=item.get_absolute_url(),
        intro=item.meeting.title,
    )


@perm_required("meetings.change_agendaitem")
@require_POST
def agenda_move(request, pk: int, direction: str):
    if direction not in ("up", "down"):
        raise Http404
    item = get_agenda_item_for_user(request.user, pk)
    services.agenda_item_move(item=item, direction=direction)
    if request.htmx:
        record = meeting_record(item.meeting_id)
        return render(
            request, "meetings/_agenda.html", {"record": record, "meeting": record.meeting}
        )
    return redirect(item.meeting.get_absolute_url() + "#agenda")


@perm_required("meetings.delete_agendaitem")
@require_POST
def agenda_delete(request, pk: int):
    item = get_agenda_item_for_user(request.user, pk)
    meeting = item.meeting
    services.agenda_item_delete(item=item)
    messages.success(request, _("Agenda item removed."))
    return redirect(meeting.get_absolute_url() + "#agenda")


@perm_required("meetings.add_agendaitem")
@require_POST
def agenda_matters_arising(request, pk: int):
    meeting = get_meeting_for_user(request.user, pk)
    item = services.agenda_add_matters_arising(meeting=meeting)
    if item is None:
        messages.info(request, _("There are no open action items from earlier meetings."))
    else:
        messages.success(request, _("The open action items were added as “Matters arising”."))
    return redirect(meeting.get_absolute_url() + "#agenda")


# --- Attendance and guests ---------------------------------------------------------------


@perm_required("meetings.change_attendance")
def attendance_edit(request, pk: int):
    meeting = get_meeting_for_user(request.user, pk)
    record = meeting_record(meeting, include_action_items=False)
    institutions = [line.institution for line in record.attendance]
    people: dict[int, list[Person]] = {}
    for person in Person.objects.filter(institution__in=institutions, active=True).select_related(
        "institution"
    ):
        people.setdefault(person.institution_id, []).append(person)
    current = {
        line.institution.pk: line.attendance for line in record.attendance if line.attendance
    }
    form = AttendanceForm(
        request.POST or None, institutions=institutions, people=people, current=current
    )
    if request.method == "POST" and form.is_valid():
        persons = {p.pk: p for ps in people.values() for p in ps}
        rows = [
            services.AttendanceRow(
                institution=institution,
                status=form.cleaned_data[status.name],
                persons=[persons[p] for p in form.cleaned_data[chosen.name]],
            )
            for institution, status, chosen in form.rows
            if form.cleaned_data[status.name]
        ]
        services.meeting_record_attendance(meeting=meeting, rows=rows)
        messages.success(request, _("Attendance saved."))
        return redirect(meeting.get_absolute_url() + "#attendance")
    return render(
        request,
        "meetings/attendance_form.html",
        {"form": form, "meeting": meeting, "guest_form": GuestForm()},
    )


@perm_required("meetings.add_guest")
def guest_add(request, pk: int):
    meeting = get_meeting_for_user(request.user, pk)
    form = GuestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.guest_add(meeting=meeting, data=form.cleaned_data)
        messages.success(request, _("Guest added."))
        return redirect(meeting.get_absolute_url() + "#attendance")
    return form_page(
        request, form=form, title=_("New guest"), cancel_url=meeting.get_absolute_url()
    )


@perm_required("meetings.delete_guest")
@require_POST
def guest_delete(request, pk: int):
    guest = Guest.objects.select_related("meeting").filter(pk=pk).first()
    if guest is None:
        raise Http404
    guest.delete()
    messages.success(request, _("Guest removed."))
    return redirect(guest.meeting.get_absolute_url() + "#attendance")


# --- Decisions and action items ------------------------------------------------------------


@perm_required("meetings.add_decision")
def decision_add(request, pk: int):
    meeting = get_meeting_for_user(request.user, pk)
    form = DecisionForm(
        request.POST or None,
        meeting=meeting,
        initial={"agenda_item": request.GET.get("item")},
    )
    if request.method == "POST" and form.is_valid():
        decision = services.decision_create(meeting=meeting, data=form.cleaned_data)
        messages.success(
            request, _("Decision %(number)s recorded.") % {"number": decision.register_number}
        )
        return redirect(decision)
    return form_page(
        request, form=form, title=_("New decision"), cancel_url=meeting.get_absolute_url()
    )


@perm_required("meetings.change_decision")
def decision_edit(request, pk: int):
    decision = Decision.objects.select_related("meeting").filter(pk=pk).first()
    if decision is None:
        raise Http404
    form = DecisionForm(request.POST or None, instance=decision, meeting=decision.meeting)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Decision saved."))
        return redirect(decision)
    return form_page(
        request,
        form=form,
        title=_("Edit decision %(number)s") % {"number": decision.register_number},
        cancel_url=decision.get_absolute_url(),
    )


@member_required
def decision_list(request):
    q = request.GET.get("q", "").strip()
    decisions = decisions_register(q)
    if q and "/" in q:
        number, _sep, rest = q.partition("/")
        if number.isdigit() and rest.upper().lstrip("D").isdigit():
            decisions = decisions_register().filter(
                meeting__number=int(number), number=int(rest.upper().lstrip("D"))
            )
    return render(request, "meetings/decision_list.html", {"decisions": decisions, "q": q})


@perm_required("meetings.add_actionitem")
def action_add(request, pk: int):
    meeting = get_meeting_for_user(request.user, pk)
    form = ActionItemForm(
        request.POST or None, meeting=meeting, initial={"agenda_item": request.GET.get("item")}
    )
    if request.method == "POST" and form.is_valid():
        item = services.action_item_create(meeting=meeting, data=form.cleaned_data)
        messages.success(
            request, _("Action item %(number)s recorded.") % {"number": item.register_number}
        )
        return redirect(item)
    return form_page(
        request, form=form, title=_("New action item"), cancel_url=meeting.get_absolute_url()
    )


@perm_required("meetings.change_actionitem")
def action_edit(request, pk: int):
    item = get_action_item_for_user(request.user, pk, write=True)
    form = ActionItemForm(request.POST or None, instance=item, meeting=item.meeting)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Action item saved."))
        return redirect(item)
    return form_page(
        request,
        form=form,
        title=_("Edit action item %(number)s") % {"number": item.register_number},
        cancel_url=item.get_absolute_url(),
    )


@perm_required("meetings.mark_actionitem_done")
@require_POST
def action_done(request, pk: int):
    item = get_action_item_for_user(request.user, pk, write=True)
    if item.status != ActionItem.Status.OPEN:
        messages.info(request, _("This action item is no longer open."))
    else:
        services.action_item_mark_done(item=item)
        messages.success(
            request, _("Action item %(number)s is done.") % {"number": item.register_number}
        )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "meetings:actions"
    return redirect(target or "meetings:actions")


@member_required
def action_list(request):
    filters = ActionItemFilterForm(request.GET or None)
    items = ActionItem.objects.select_related(
        "meeting", "meeting__group", "owner", "owner_person"
    ).order_by("status", "due_date", "meeting__date", "number")
    if filters.is_valid():
        data = filters.cleaned_data
        if data["owner"]:
            items = items.filter(owner=data["owner"])
        if data["status"] == ActionItemFilterForm.OVERDUE:
            items = items.filter(status=ActionItem.Status.OPEN, due_date__lt=timezone.localdate())
        elif data["status"]:
            items = items.filter(status=data["status"])
    return render(
        request,
        "meetings/action_list.html",
        {
            "items": items,
            "filters": filters,
            "own_institution_id": institution_id_of(request.user),
        },
    )


# --- Minutes --------------------------------------------------------------------


@perm_required("meetings.change_minutes")
def minutes_edit(request, pk: int):
    meeting = get_meeting_for_user(request.user, pk)
    record = meeting_record(meeting, include_attendance=False, include_action_items=False)
    items = [entry.item for entry in record.agenda]
    frozen = bool(record.minutes and record.minutes.frozen)
    initial = {"summary": record.minutes.summary if record.minutes else ""}
    initial |= {f"item_{e.item.pk}": e.discussion for e in record.agenda}
    form = MinutesForm(request.POST or None, items=items, frozen=frozen, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_save(
                meeting=meeting,
                summary=form.cleaned_data["summary"],
                discussions=form.discussions(),
                by=request.user,
                reason=form.cleaned_data.get("reason", ""),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Minutes saved."))
            return redirect(meeting.get_absolute_url() + "#minutes")
    return form_page(
        request,
        form=form,
        title=_("Minutes of the %(name)s") % {"name": meeting.ordinal_name},
        cancel_url=meeting.get_absolute_url(),
        intro=_("Approved minutes are frozen; saving them again keeps a new, visible revision.")
        if frozen
        else "",
    )


@perm_required("meetings.comment_minutes")
def minutes_comment(request, pk: int):
    meeting = get_meeting_for_user(request.user, pk)
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_comment(
                meeting=meeting, user=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Thank you: your comment was added."))
            return redirect(meeting.get_absolute_url() + "#minutes")
    return form_page(
        request,
        form=form,
        title=_("Comment on the minutes"),
        cancel_url=meeting.get_absolute_url(),
    )


# --- Attachments --------------------------------------------------------------------


@perm_required("meetings.add_attachment")
def attachment_add(request, pk: int):
    meeting = get_meeting_for_user(request.user, pk)
    form = AttachmentForm(
        request.POST or None,
        request.FILES or None,
        meeting=meeting,
        initial={"agenda_item": request.GET.get("item")},
    )
    if request.method == "POST" and form.is_valid():
        services.attachment_add(
            meeting=meeting,
            upload=form.cleaned_data["file"],
            title=form.cleaned_data["title"],
            agenda_item=form.cleaned_data["agenda_item"],
            by=request.user,
        )
        messages.success(request, _("File attached."))
        return redirect(meeting.get_absolute_url() + "#files")
    return form_page(
        request, form=form, title=_("Attach a file"), cancel_url=meeting.get_absolute_url()
    )


@member_required
def attachment_download(request, pk: int):
    attachment = get_attachment_for_user(request.user, pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.filename,
        content_type=attachment.content_type or "application/octet-stream",
    )


@perm_required("meetings.delete_attachment")
@require_POST
def attachment_delete(request, pk: int):
    attachment = get_attachment_for_user(request.user, pk)
    meeting = attachment.meeting
    attachment.file.delete(save=False)
    attachment.delete()
    messages.success(request, _("File removed."))
    return redirect(meeting.get_absolute_url() + "#files")


@member_required
def attendance_export(request, pk: int):
    """Who came to the meeting, by institution, and the guests, as CSV or XLSX."""
    meeting = get_meeting_for_user(request.user, pk)
    fmt = request.GET.get("format", "csv")
    if fmt not in FORMATS:
        raise Http404
    record = meeting_record(meeting)
    rows = [
        [
            line.institution.acronym,
            line.institution.name,
            line.attendance.get_status_display() if line.attendance else _("not recorded"),
            ", ".join(p.name for p in line.attendance.persons.all()) if line.attendance else "",
        ]
        for line in record.attendance
    ]
    rows += [
        [
            guest.organisation,
            guest.organisation,
            _("Guest"),
            f"{guest.name} ({guest.position})" if guest.position else guest.name,
        ]
        for guest in record.guests
    ]
    return tabular_response(
        filename=f"attendance-{meeting.date.isoformat()}",
        fmt=fmt,
        columns=[
            Column(_("Institution"), width=14),
            Column(_("Name"), width=45),
            Column(_("Attendance"), width=14),
            Column(_("Who came"), width=60),
        ],
        rows=rows,
    )
