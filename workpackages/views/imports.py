"""Importing progress values: upload an XLSX, preview every row, confirm to save."""

from __future__ import annotations

import re
import secrets

from django.contrib import messages
from django.core.files.storage import default_storage
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from portal.views import form_page
from workpackages import access, imports, services
from workpackages.forms import ImportForm

IMPORT_SESSION_KEY = "workpackages_import_token"
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def _import_path(token: str) -> str:
    return f"imports/progress-{token}.xlsx"


def _stored_token(request) -> str | None:
    """The upload's token if the posted one is the one kept in the session."""
    posted = request.POST.get("token", "")
    kept = request.session.get(IMPORT_SESSION_KEY, "")
    if not kept or not TOKEN_RE.match(posted) or not secrets.compare_digest(posted, kept):
        return None
    return kept


def _preview(request, *, rows, token, form=None, error=""):
    errors = sum(1 for row in rows if row.errors)
    return render(
        request,
        "workpackages/import_preview.html",
        {
            "rows": rows,
            "token": token,
            "error_rows": errors,
            "to_save": sum(1 for row in rows if not row.errors and not row.unchanged),
            "can_confirm": bool(rows) and not errors,
            "error": error,
        },
    )


@access.allowed(access.can_import)
def import_upload(request):
    """Upload an XLSX in the export's format; the preview shows every row and its errors."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            rows = imports.check_rows(imports.read_rows(form.cleaned_data["file"]))
        except imports.UnreadableFile as exc:
            form.add_error("file", str(exc))
        else:
            old = request.session.get(IMPORT_SESSION_KEY)
            if old and TOKEN_RE.match(old):
                default_storage.delete(_import_path(old))
            token = secrets.token_urlsafe(24)
            form.cleaned_data["file"].seek(0)
            default_storage.save(_import_path(token), form.cleaned_data["file"])
            request.session[IMPORT_SESSION_KEY] = token
            return _preview(request, rows=rows, token=token)
    return form_page(
        request,
        form=form,
        title=_("Import progress values"),
        cancel_url="workpackages:list",
        intro=_(
            "Export the progress updates as XLSX, fill in the values and upload the file. "
            "You will see every row and its errors before anything is saved."
        ),
    )


@require_POST
@access.allowed(access.can_import)
def import_confirm(request):
    """Save the previewed file's rows, all in one transaction, if none has an error."""
    token = _stored_token(request)
    if token is None or not default_storage.exists(_import_path(token)):
        messages.error(request, _("This import is no longer available: upload the file again."))
        return redirect("workpackages:import")
    with default_storage.open(_import_path(token), "rb") as stored:
        rows = imports.check_rows(imports.read_rows(stored))
    if not rows or any(row.errors for row in rows):
        return _preview(
            request, rows=rows, token=token, error=_("The file has errors: nothing was saved.")
        )
    try:
        saved = services.import_updates(
            rows=rows, by=request.user, approve=request.POST.get("approve") == "on"
        )
    except services.UpdateRefused as exc:
        return _preview(
            request,
            rows=rows,
            token=token,
            error=_("Nothing was saved: %(reason)s") % {"reason": exc},
        )
    default_storage.delete(_import_path(token))
    del request.session[IMPORT_SESSION_KEY]
    messages.success(
        request,
        ngettext(
            "%(count)s progress update imported.",
            "%(count)s progress updates imported.",
            len(saved),
        )
        % {"count": len(saved)},
    )
    return redirect("workpackages:list")
