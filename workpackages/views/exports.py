"""Exporting the progress updates the user may read, as CSV or XLSX."""

from __future__ import annotations

from django.http import Http404

from portal.exports import FORMATS, tabular_response
from workpackages import access, exports
from workpackages.models import ProgressUpdate

S = ProgressUpdate.Status


def _int_param(request, name: str) -> int | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError as exc:
        # Not an access rule: a malformed filter names nothing, like a wrong URL.
        raise Http404 from exc


@access.allowed(access.can_export)
def export(request):
    """Progress updates the user may read, as CSV or XLSX, filtered by work package,
    period, institution and status. A representative asking for another institution's
    rows gets 404."""
    fmt = request.GET.get("format", "csv")
    if fmt not in FORMATS:
        raise Http404  # not an access rule: an unknown format, like a wrong URL
    updates = exports.updates_for(request.user)
    filename = "progress"
    package_id = _int_param(request, "work_package")
    if package_id is not None:
        package = access.get_work_package_for_user(request.user, package_id)
        updates = updates.filter(indicator__goal__work_package=package)
        filename = f"progress-wp{package.pk}"
    period_id = _int_param(request, "period")
    if period_id is not None:
        updates = updates.filter(period_id=period_id)
    institution_id = _int_param(request, "institution")
    if institution_id is not None:
        access.check_institution_in_reach(request.user, institution_id)
        updates = updates.filter(institution_id=institution_id)
    status = request.GET.get("status", "")
    if status:
        if status not in S.values:
            raise Http404  # not an access rule: an unknown status, like a wrong URL
        updates = updates.filter(status=status)
    return tabular_response(
        filename=filename,
        fmt=fmt,
        columns=exports.columns(),
        rows=(exports.row(update) for update in updates),
    )
