from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.notifications import access, rules, services
from portal.notifications.forms import OutboxFilterForm, PreferencesForm
from portal.notifications.models import Notification
from portal.roles import member_required, perm_required


@member_required
def preferences(request):
    """Each user chooses which kinds of notification they receive."""
    current = sorted(services.enabled_kinds(request.user))
    # An empty POST (every box unchecked) is still a submitted form.
    data = request.POST if request.method == "POST" else None
    form = PreferencesForm(data, initial={"kinds": current})
    if request.method == "POST" and form.is_valid():
        services.set_preferences(user=request.user, enabled=form.cleaned_data["kinds"])
        messages.success(request, _("Your e-mail preferences were saved."))
        return redirect("notifications:preferences")
    kinds = [
        {"key": kind.key, "label": kind.label, "help_text": kind.help_text}
        for kind in rules.kinds()
    ]
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "kinds": kinds, "enabled": set(form["kinds"].value() or [])},
    )


@perm_required(access.VIEW_PERMISSION)
def outbox(request):
    filters = OutboxFilterForm(request.GET or None)
    rows = (
        access.visible_notifications(request.user)
        .defer("body_text", "body_html", "attachment")
        .order_by("-created_at", "-pk")
    )
    if filters.is_valid():
        data = filters.cleaned_data
        if data["status"]:
            rows = rows.filter(status=data["status"])
        if data["kind"]:
            rows = rows.filter(kind=data["kind"])
        if data["q"]:
            q = data["q"]
            rows = rows.filter(
                Q(email__icontains=q) | Q(recipient_name__icontains=q) | Q(subject__icontains=q)
            )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    counts = dict(
        access.visible_notifications(request.user)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    labels = {kind.key: kind.label for kind in rules.kinds()}
    for row in page.object_list:
        row.kind_label = labels.get(row.kind, row.kind)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "notifications/outbox.html",
        {
            "page": page,
            "filters": filters,
            "counts": [
                (value, label, counts.get(value, 0)) for value, label in Notification.Status.choices
            ],
            "query": query.urlencode(),
        },
    )


@require_POST
@perm_required(access.CHANGE_PERMISSION)
def retry(request, pk: int):
    notification = access.get_notification_for_user(request.user, pk, write=True)
    if services.retry_notification(notification=notification):
        messages.success(
            request, _("The e-mail to %(email)s is queued again.") % {"email": notification.email}
        )
    else:
        messages.error(request, _("Only failed e-mails can be retried."))
    url = reverse("notifications:outbox")
    query = QueryDict(request.POST.get("query", "")).urlencode()
    return redirect(f"{url}?{query}" if query else url)
