"""An update's history: each saved version with who, when and what changed."""

from __future__ import annotations

from django.utils.translation import gettext as _

from workpackages.models import ProgressUpdate, display_value

S = ProgressUpdate.Status


def history(update: ProgressUpdate) -> list[dict]:
    """Each saved version with who, when and the fields that changed (old → new)."""
    # Who and when of each step are the entry's own who and when.
    skip = {
        "version",
        "updated_at",
        "updated_by",
        "created_at",
        "created_by",
        "submitted_at",
        "submitted_by",
        "reviewed_at",
        "reviewed_by",
    }
    levels = {level.pk: level for level in update.indicator.rubric_levels.all()}
    statuses = dict(S.choices)

    def shown(name, value):
        if value in (None, ""):
            return ""
        if name == "status":
            return statuses.get(value, value)
        if name == "rubric_level":
            level = levels.get(value)
            return _("Level %(level)s") % {"level": level.level} if level else value
        if name == "late":
            return _("late") if value else _("on time")
        if name == "value":
            return display_value(update.indicator, value)
        return value

    records = list(update.history.select_related("history_user").order_by("history_date"))
    entries = []
    previous = None
    for record in records:
        changes = []
        if previous is not None:
            delta = record.diff_against(previous)
            for change in delta.changes:
                if change.field in skip:
                    continue
                field = ProgressUpdate._meta.get_field(change.field)
                changes.append(
                    {
                        "field": field.verbose_name,
                        "old": shown(change.field, change.old),
                        "new": shown(change.field, change.new),
                    }
                )
        entries.append(
            {
                "who": record.history_user,
                "when": record.history_date,
                "created": previous is None,
                "status": record.get_status_display(),
                "changes": changes,
            }
        )
        previous = record
    return list(reversed(entries))
