"""Meeting records: decisions, action items, minutes and comments, attached files."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meetings import access, services
from meetings.forms import (
    ActionItemFilterForm,
    ActionItemForm,
    AttachmentForm,
    CommentForm,
    DecisionForm,
    MinutesForm,
)
from meetings.models import ActionItem, Minutes
from meetings.selectors import decisions_register, meeting_record
from meetings.views import apply_errors
from portal.concurrency import StaleSave, save_or_show_conflict
from portal.downloads import safe_filename
from portal.roles import member_required, perm_required
from portal.uploads import served_type
from portal.views import form_page

# --- Decisions and action items ------------------------------------------------------------


@perm_required("meetings.add_decision")
def decision_add(request, pk: int):
    meeting = access.get_meeting_for_user(request.user, pk, write=True)
    if not access.can_add_decision(request.user, meeting):
        raise PermissionDenied
    form = DecisionForm(
        request.POST or None,
        meeting=meeting,
        initial={"agenda_item": request.GET.get("item")},
    )
    if request.method == "POST" and form.is_valid():
        decision = services.decision_create(
            meeting=meeting, details=services.DecisionDetails.from_data(form.cleaned_data)
        )
        messages.success(
            request, _("Decision %(number)s recorded.") % {"number": decision.register_number}
        )
        return redirect(decision)
    return form_page(
        request, form=form, title=_("New decision"), cancel_url=meeting.get_absolute_url()
    )


@perm_required("meetings.change_decision")
def decision_edit(request, pk: int):
    decision = access.get_decision_for_user(request.user, pk, write=True)
    if not access.can_edit_decision(request.user, decision):
        raise PermissionDenied
    form = DecisionForm(request.POST or None, instance=decision, meeting=decision.meeting)
    if request.method == "POST" and form.is_valid() and save_or_show_conflict(form):
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
    # PostgreSQL text cannot hold NUL, so a query with one would fail in the database.
    q = request.GET.get("q", "").replace("\x00", "").strip()
    visible = access.visible_decisions(request.user)
    decisions = decisions_register(q, within=visible)
    if q and "/" in q:
        number, _sep, rest = q.partition("/")
        if number.isdigit() and rest.upper().lstrip("D").isdigit():
            decisions = decisions_register(within=visible).filter(
                meeting__number=int(number), number=int(rest.upper().lstrip("D"))
            )
    return render(request, "meetings/decision_list.html", {"decisions": decisions, "q": q})


@perm_required("meetings.add_actionitem")
def action_add(request, pk: int):
    meeting = access.get_meeting_for_user(request.user, pk, write=True)
    if not access.can_add_action_item(request.user, meeting):
        raise PermissionDenied
    form = ActionItemForm(
        request.POST or None, meeting=meeting, initial={"agenda_item": request.GET.get("item")}
    )
    if request.method == "POST" and form.is_valid():
        item = services.action_item_create(
            meeting=meeting, details=services.ActionItemDetails.from_data(form.cleaned_data)
        )
        messages.success(
            request, _("Action item %(number)s recorded.") % {"number": item.register_number}
        )
        return redirect(item)
    return form_page(
        request, form=form, title=_("New action item"), cancel_url=meeting.get_absolute_url()
    )


@perm_required("meetings.change_actionitem")
def action_edit(request, pk: int):
    item = access.get_action_item_for_user(request.user, pk, write=True)
    if not access.can_edit_action_item(request.user, item):
        raise PermissionDenied
    form = ActionItemForm(request.POST or None, instance=item, meeting=item.meeting)
    if request.method == "POST" and form.is_valid() and save_or_show_conflict(form):
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
    item = access.get_action_item_for_user(request.user, pk, write=True)
    if not access.can_mark_done(request.user, item):
        # Within reach but closed already (say, by someone a moment earlier).
        messages.info(request, _("This action item is no longer open."))
    else:
        services.action_item_mark_done(item=item)
        messages.success(
            request, _("Action item %(number)s is done.") % {"number": item.register_number}
        )
    target = request.POST.get("next", "")
    # Only a path of this site: anything else (a URL name, a date, another host) would be
    # taken by redirect() for a view name and fail, or lead away.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("meetings:actions")


@member_required
def action_list(request):
    filters = ActionItemFilterForm(request.GET or None)
    items = access.visible_action_items(request.user).order_by(
        "status", "due_date", "meeting__date", "number"
    )
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
        {"items": items, "filters": filters},
    )


# --- Minutes --------------------------------------------------------------------


@perm_required("meetings.change_minutes")
def minutes_edit(request, pk: int):
    meeting = access.get_meeting_for_user(request.user, pk, write=True)
    if not access.can_write_minutes(request.user, meeting):
        raise PermissionDenied
    record = meeting_record(meeting, include_attendance=False, include_action_items=False)
    items = [entry.item for entry in record.agenda]
    frozen = bool(record.minutes and record.minutes.frozen)
    initial = {"summary": record.minutes.summary if record.minutes else ""}
    initial |= {f"item_{e.item.pk}": e.discussion for e in record.agenda}
    form = MinutesForm(
        request.POST or None,
        items=items,
        frozen=frozen,
        initial=initial,
        record=record.minutes or Minutes(meeting=meeting, version=0),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_save(
                meeting=meeting,
                summary=form.cleaned_data["summary"],
                discussions=form.discussions(),
                by=request.user,
                reason=form.cleaned_data.get("reason", ""),
                version=form.version,
            )
        except StaleSave as stale:
            form.show_conflict(stale, rows=form.conflict_rows(stale.current))
        except ValidationError as error:
            apply_errors(form, error)
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
    meeting = access.get_meeting_for_user(request.user, pk)
    if not access.can_comment(request.user, meeting):
        raise PermissionDenied
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_comment(
                meeting=meeting, user=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            apply_errors(form, error)
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
    meeting = access.get_meeting_for_user(request.user, pk, write=True)
    if not access.can_add_attachment(request.user, meeting):
        raise PermissionDenied
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
    attachment = access.get_attachment_for_user(request.user, pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None  # not an access rule: the file is missing from storage
    return FileResponse(
        handle,
        as_attachment=True,
        filename=safe_filename(attachment.filename),
        content_type=served_type(attachment.content_type),
    )


@perm_required("meetings.delete_attachment")
@require_POST
def attachment_delete(request, pk: int):
    attachment = access.get_attachment_for_user(request.user, pk, write=True)
    if not access.can_delete_attachment(request.user, attachment):
        raise PermissionDenied
    meeting = attachment.meeting
    attachment.file.delete(save=False)
    attachment.delete()
    messages.success(request, _("File removed."))
    return redirect(meeting.get_absolute_url() + "#files")
