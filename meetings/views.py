from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from institutions.models import Person
from meetings import access, services
from meetings.forms import (
    AgendaItemForm,
    AttendanceForm,
    CommentForm,
    GuestForm,
    MeetingFilterForm,
    MeetingForm,
    StatusForm,
)
from meetings.ical import calendar_filename, meeting_to_ical
from meetings.selectors import meeting_record
from portal.concurrency import StaleSave, save_or_show_conflict
from portal.downloads import as_download
from portal.exports import FORMATS, Column, tabular_response
from portal.roles import member_required, perm_required
from portal.views import form_page


def apply_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, on its fields where it names them."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- Meetings -------------------------------------------------------------------


@member_required
def meeting_list(request):
    filters = MeetingFilterForm(request.GET or None)
    meetings = access.visible_meetings(request.user).annotate(
        item_count=Count(
            "agenda_items", filter=access.counted_q(request.user, "agenda_items"), distinct=True
        ),
        decision_count=Count(
            "decisions", filter=access.counted_q(request.user, "decisions"), distinct=True
        ),
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
    meeting = access.get_meeting_for_user(request.user, pk)
    record = meeting_record(meeting, include_internal=access.can_see_internal(request.user))
    meeting = record.meeting
    can_status = access.can_change_status(request.user, meeting)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "record": record,
            "meeting": meeting,
            "status_form": StatusForm(meeting=meeting, allowed=access.status_choices(meeting))
            if can_status
            else None,
            "comment_form": CommentForm() if access.can_comment(request.user, meeting) else None,
        },
    )


@member_required
def meeting_ics(request, pk: int):
    meeting = access.get_meeting_for_user(request.user, pk)
    if not access.can_download_calendar(request.user, meeting):
        raise PermissionDenied
    response = HttpResponse(meeting_to_ical(meeting), content_type="text/calendar; charset=utf-8")
    return as_download(response, calendar_filename(meeting))


@perm_required("meetings.add_meeting")
def meeting_create(request):
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                group=form.cleaned_data["group"],
                details=services.MeetingDetails.from_data(form.cleaned_data),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s created.") % {"name": meeting.ordinal_name.capitalize()}
            )
            return redirect(meeting)
    return form_page(request, form=form, title=_("New meeting"), cancel_url="meetings:list")


@perm_required("meetings.change_meeting")
def meeting_edit(request, pk: int):
    meeting = access.get_meeting_for_user(request.user, pk, write=True)
    if not access.can_edit_meeting(request.user, meeting):
        raise PermissionDenied
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(
                meeting=meeting,
                details=services.MeetingDetails.from_data(form.cleaned_data),
                version=form.version,
            )
        except StaleSave as stale:
            form.show_conflict(stale)
        except ValidationError as error:
            apply_errors(form, error)
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
    meeting = access.get_meeting_for_user(request.user, pk, write=True)
    if not access.can_change_status(request.user, meeting):
        raise PermissionDenied
    form = StatusForm(request.POST, meeting=meeting, allowed=access.status_choices(meeting))
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
    meeting = access.get_meeting_for_user(request.user, pk, write=True)
    if not access.can_add_agenda_item(request.user, meeting):
        raise PermissionDenied
    form = AgendaItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.agenda_item_create(
            meeting=meeting, details=services.AgendaItemDetails.from_data(form.cleaned_data)
        )
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
    item = access.get_agenda_item_for_user(request.user, pk, write=True)
    if not access.can_edit_agenda_item(request.user, item):
        raise PermissionDenied
    form = AgendaItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid() and save_or_show_conflict(form):
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
        raise Http404  # not an access rule: the URL names no such direction
    item = access.get_agenda_item_for_user(request.user, pk, write=True)
    if not access.can_edit_agenda_item(request.user, item):
        raise PermissionDenied
    services.agenda_item_move(item=item, direction=direction)
    if request.htmx:
        record = meeting_record(
            item.meeting_id, include_internal=access.can_see_internal(request.user)
        )
        return render(
            request, "meetings/_agenda.html", {"record": record, "meeting": record.meeting}
        )
    return redirect(item.meeting.get_absolute_url() + "#agenda")


@perm_required("meetings.delete_agendaitem")
@require_POST
def agenda_delete(request, pk: int):
    item = access.get_agenda_item_for_user(request.user, pk, write=True)
    if not access.can_delete_agenda_item(request.user, item):
        raise PermissionDenied
    meeting = item.meeting
    services.agenda_item_delete(item=item)
    messages.success(request, _("Agenda item removed."))
    return redirect(meeting.get_absolute_url() + "#agenda")


@perm_required("meetings.add_agendaitem")
@require_POST
def agenda_matters_arising(request, pk: int):
    meeting = access.get_meeting_for_user(request.user, pk, write=True)
    if not access.can_add_matters_arising(request.user, meeting):
        raise PermissionDenied
    item = services.agenda_add_matters_arising(meeting=meeting)
    if item is None:
        messages.info(request, _("There are no open action items from earlier meetings."))
    else:
        messages.success(request, _("The open action items were added as “Matters arising”."))
    return redirect(meeting.get_absolute_url() + "#agenda")


# --- Attendance and guests ---------------------------------------------------------------


@perm_required("meetings.change_attendance")
def attendance_edit(request, pk: int):
    meeting = access.get_meeting_for_user(request.user, pk, write=True)
    if not access.can_record_attendance(request.user, meeting):
        raise PermissionDenied
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
        request.POST or None,
        institutions=institutions,
        people=people,
        current=current,
        record=meeting,
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
        try:
            services.meeting_record_attendance(meeting=meeting, rows=rows, version=form.version)
        except StaleSave as stale:
            form.show_conflict(stale, rows=form.conflict_rows(_attendance_now(meeting)))
        else:
            messages.success(request, _("Attendance saved."))
            return redirect(meeting.get_absolute_url() + "#attendance")
    return render(
        request,
        "meetings/attendance_form.html",
        {"form": form, "meeting": meeting, "guest_form": GuestForm()},
    )


def _attendance_now(meeting) -> dict:
    """The attendance as saved now, for the conflict table."""
    rows = meeting.attendances.prefetch_related("persons")
    return {row.institution_id: row for row in rows}


@perm_required("meetings.add_guest")
def guest_add(request, pk: int):
    meeting = access.get_meeting_for_user(request.user, pk, write=True)
    if not access.can_add_guest(request.user, meeting):
        raise PermissionDenied
    form = GuestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.guest_add(
            meeting=meeting, details=services.GuestDetails.from_data(form.cleaned_data)
        )
        messages.success(request, _("Guest added."))
        return redirect(meeting.get_absolute_url() + "#attendance")
    return form_page(
        request, form=form, title=_("New guest"), cancel_url=meeting.get_absolute_url()
    )


@perm_required("meetings.delete_guest")
@require_POST
def guest_delete(request, pk: int):
    guest = access.get_guest_for_user(request.user, pk, write=True)
    if not access.can_delete_guest(request.user, guest):
        raise PermissionDenied
    guest.delete()
    messages.success(request, _("Guest removed."))
    return redirect(guest.meeting.get_absolute_url() + "#attendance")


@member_required
def attendance_export(request, pk: int):
    """Who came to the meeting, by institution, and the guests, as CSV or XLSX."""
    meeting = access.get_meeting_for_user(request.user, pk)
    if not access.can_export_attendance(request.user, meeting):
        raise PermissionDenied
    fmt = request.GET.get("format", "csv")
    if fmt not in FORMATS:
        raise Http404  # not an access rule: no such export format
    record = meeting_record(meeting, include_action_items=False)
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
