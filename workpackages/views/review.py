"""The secretariat's review: the queue of submitted updates, and approving or returning one."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workpackages import access, selectors, services
from workpackages.forms import ReviewForm


@access.allowed(access.can_review)
def review_queue(request):
    return render(
        request,
        "workpackages/review_queue.html",
        {
            "updates": selectors.review_queue(),
            "can_group_report": access.can_group_report(request.user),
        },
    )


@require_POST
@access.allowed(access.can_review)
def update_review(request, pk: int):
    update = access.get_update_for_user(request.user, pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.review_update(
                update=update,
                by=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
            )
        except services.UpdateRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Review saved."))
            return redirect("workpackages:review_queue")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(update)
