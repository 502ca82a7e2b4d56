from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render, resolve_url
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal import health
from portal.registry import registry
from portal.roles import role_of

logger = logging.getLogger(__name__)


def form_page(request, *, form, title, cancel_url, intro="", template="form_page.html", **extra):
    """Render a form page: ``templates/form_page.html`` unless ``template`` says otherwise.

    ``cancel_url`` may be a URL name or a path; ``extra`` (formset, formset_title, ...)
    goes into the context as it is.
    """
    context = {"form": form, "title": title, "cancel_url": resolve_url(cancel_url), "intro": intro}
    return render(request, template, context | extra)


@login_required
def home(request):
    panels = []
    if role_of(request.user):
        for panel in registry.home_panels:
            context = panel.context(request)
            if context is not None:
                panels.append({"template": panel.template, "context": context})
    return render(request, "portal/home.html", {"panels": panels})


@login_required
def account(request):
    links = [
        {"label": link.label, "url": reverse(link.url_name)}
        for link in registry.account_links
        if link.visible(request.user)
    ]
    person = getattr(request.user, "person", None)
    return render(request, "portal/account.html", {"links": links, "person": person})


@never_cache
@require_GET
def healthz(request):
    """The database, the broker, the worker's heartbeat and the oldest waiting e-mail and
    document, as JSON; 503 when any is wrong or past its limit (see portal.health)."""
    healthy, state = health.report()
    return JsonResponse(state, status=200 if healthy else 503)
