from __future__ import annotations

from decimal import Decimal

from django import forms
from django.conf import settings
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from portal.concurrency import VersionFormMixin
from portal.forms import BoundedInlineFormSet, row_limits
from portal.uploads import checked_upload
from workpackages.models import (
    Goal,
    Indicator,
    ProgressUpdate,
    ReportingPeriod,
    RubricLevel,
    WorkPackage,
)
from workpackages.services import UpdateInput

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class WorkPackageForm(VersionFormMixin, forms.ModelForm):
    class Meta:
        model = WorkPackage
        fields = [
            "group",
            "title_en",
            "title_bs",
            "start",
            "end",
            "year_starts",
            "status",
            "adopted_at",
            "adopted_by",
        ]
        widgets = {"start": DATE, "end": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adopted_by"].queryset = self.fields["adopted_by"].queryset.select_related(
            "meeting"
        )
        self.fields["adopted_by"].label_from_instance = lambda d: (
            f"{d.register_number}: {d.text[:80]}"
        )

    def clean(self):
        cleaned = super().clean()
        meeting, decision = cleaned.get("adopted_at"), cleaned.get("adopted_by")
        if decision and meeting and decision.meeting_id != meeting.pk:
            self.add_error(
                "adopted_by", _("The adopting decision must be one of that meeting's decisions.")
            )
        elif decision and not meeting:
            cleaned["adopted_at"] = decision.meeting
        return cleaned


class GoalForm(VersionFormMixin, forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["code", "title_en", "title_bs", "description", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class IndicatorForm(VersionFormMixin, forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "code",
            "title_en",
            "title_bs",
            "definition",
            "means_of_verification",
            "unit",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_date",
            "direction",
            "frequency",
            "scope",
            "aggregation",
            "order",
        ]
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 3}),
            "means_of_verification": forms.Textarea(attrs={"rows": 2}),
            "baseline_date": DATE,
            "target_date": DATE,
        }

    def clean(self):
        data = super().clean()
        unit = data.get("unit")
        for name in ("baseline_value", "target_value"):
            value = data.get(name)
            if value is None:
                continue
            error = _value_error(unit, value)
            if error:
                self.add_error(name, error)
        if (
            data.get("baseline_date")
            and data.get("target_date")
            and data["target_date"] <= data["baseline_date"]
        ):
            self.add_error("target_date", _("The target date must come after the baseline date."))
        if self.instance.pk and "scope" in self.changed_data and self.instance.updates.exists():
            # Institutions' values and the group's value do not convert into each other.
            self.add_error(
                "scope",
                _("The scope cannot change once values have been reported for the indicator."),
            )
        return data


# A maturity rubric has a handful of levels; a post that claims more builds no more forms.
RUBRIC_MAX_LEVELS = 10

RubricLevelFormSet = inlineformset_factory(
    Indicator,
    RubricLevel,
    formset=BoundedInlineFormSet,
    fields=["level", "description"],
    extra=5,
    can_delete=True,
    **row_limits(RUBRIC_MAX_LEVELS),
    widgets={"description": forms.Textarea(attrs={"rows": 2})},
)


class PeriodForm(VersionFormMixin, forms.ModelForm):
    class Meta:
        model = ReportingPeriod
        fields = ["label", "start", "end", "due_date", "locked"]
        widgets = {"start": DATE, "end": DATE, "due_date": DATE}

    def clean(self):
        data = super().clean()
        if data.get("end") and data.get("due_date") and data["due_date"] < data["end"]:
            self.add_error("due_date", _("The due date cannot come before the period ends."))
        return data


class GeneratePeriodsForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("Frequency"),
        choices=Indicator.Frequency.choices,
        initial=Indicator.Frequency.HALF_YEARLY,
    )
    due_after_days = forms.IntegerField(
        label=_("Due this many days after a period ends"), min_value=0, max_value=365, initial=30
    )


def _value_error(unit: str | None, value: Decimal) -> str | None:
    if unit == Indicator.Unit.PERCENT and not (0 <= value <= 100):
        return _("A percentage must lie between 0 and 100.")
    if unit == Indicator.Unit.YES_NO and value not in (0, 1):
        return _("A yes/no value is 1 (yes) or 0 (no).")
    if unit in (Indicator.Unit.NUMBER, Indicator.Unit.MATURITY) and value < 0:
        return _("The value cannot be negative.")
    return None


class ProgressUpdateForm(forms.Form):
    """Value, narrative and evidence, shaped by the indicator's unit.

    ``submitting`` makes the value (and, for maturity levels, the evidence) required;
    a draft may be saved half-filled.
    """

    value = forms.DecimalField(label=_("Value"), required=False, max_digits=12, decimal_places=2)
    answer = forms.TypedChoiceField(
        label=_("Answer"),
        required=False,
        choices=[("", "—"), ("1", _("Yes")), ("0", _("No"))],
        coerce=lambda v: Decimal(v),
        empty_value=None,
    )
    rubric_level = forms.ModelChoiceField(
        label=_("Maturity level"), queryset=RubricLevel.objects.none(), required=False
    )
    narrative = forms.CharField(
        label=_("Narrative"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was done in the period, and what the value rests on."),
    )
    evidence_url = forms.URLField(label=_("Evidence link"), required=False, assume_scheme="https")
    evidence_file = forms.FileField(label=_("Evidence file"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args,
        indicator: Indicator,
        instance: ProgressUpdate | None = None,
        submitting: bool = False,
        **kwargs,
    ):
        self.indicator = indicator
        self.instance = instance
        self.submitting = submitting
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "value": instance.value,
                "answer": None if instance.value is None else str(int(instance.value)),
                "rubric_level": instance.rubric_level_id,
                "narrative": instance.narrative,
                "evidence_url": instance.evidence_url,
                "version": instance.version,
            }
        super().__init__(*args, **kwargs)
        unit = indicator.unit
        if unit == Indicator.Unit.YES_NO:
            del self.fields["value"], self.fields["rubric_level"]
        elif unit == Indicator.Unit.MATURITY:
            del self.fields["value"], self.fields["answer"]
            self.fields["rubric_level"].queryset = indicator.rubric_levels.all()
            self.fields["rubric_level"].label_from_instance = lambda level: (
                _("Level %(level)s: %(description)s")
                % {"level": level.level, "description": level.description}
            )
            self.fields["narrative"].help_text = _(
                "Say why the institution is at this level; a maturity level needs evidence."
            )
        else:
            del self.fields["answer"], self.fields["rubric_level"]
            if unit == Indicator.Unit.PERCENT:
                self.fields["value"].label = _("Value (%)")

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        if upload:
            limit = settings.ATTACHMENT_MAX_MB * 1024 * 1024
            if upload.size > limit:
                raise forms.ValidationError(
                    _("The file is larger than %(mb)s MB.") % {"mb": settings.ATTACHMENT_MAX_MB}
                )
            # The browser's claim is replaced by the type the content shows (stored on
            # the update, and the download is served with it).
            upload.content_type = checked_upload(upload, allowed=settings.ATTACHMENT_EXTENSIONS)
        return upload

    def clean(self):
        data = super().clean()
        unit = self.indicator.unit
        if unit == Indicator.Unit.YES_NO:
            data["value"] = data.get("answer")
            field = "answer"
        elif unit == Indicator.Unit.MATURITY:
            level = data.get("rubric_level")
            data["value"] = Decimal(level.level) if level else None
            field = "rubric_level"
        else:
            field = "value"
            value = data.get("value")
            if value is not None:
                error = _value_error(unit, value)
                if error:
                    self.add_error("value", error)
        if self.submitting and data.get("value") is None and field not in self.errors:
            self.add_error(field, _("Enter a value before submitting."))
        elif self.instance is None and not self.errors and self._is_empty(data):
            # A new update with nothing in it would be an empty draft: refuse it.
            self.add_error(None, _("Enter a value, a narrative or evidence before saving."))
        if unit == Indicator.Unit.MATURITY and data.get("rubric_level"):
            has_file = bool(data.get("evidence_file")) or bool(
                self.instance is not None and self.instance.evidence_file
            )
            if not data.get("evidence_url") and not has_file:
                self.add_error(
                    "evidence_url",
                    _("A maturity level must carry evidence: give a link or attach a file."),
                )
        return data

    @staticmethod
    def _is_empty(data: dict) -> bool:
        return (
            data.get("value") is None
            and not data.get("rubric_level")
            and not (data.get("narrative") or "").strip()
            and not data.get("evidence_url")
            and not data.get("evidence_file")
        )

    def update_input(self) -> UpdateInput:
        data = self.cleaned_data
        return UpdateInput(
            value=data.get("value"),
            rubric_level=data.get("rubric_level"),
            narrative=data.get("narrative") or "",
            evidence_url=data.get("evidence_url") or "",
            evidence_file=data.get("evidence_file") or None,
        )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("return", _("Return to the institution"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for returning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The representative sees it and answers by resubmitting."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not data.get("reason", "").strip():
            self.add_error("reason", _("Say why the update is returned."))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("XLSX file"),
        help_text=_("A progress export (XLSX) with the values filled in; the columns as exported."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload an XLSX file."))
        if upload.size > settings.ATTACHMENT_MAX_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB.") % {"mb": settings.ATTACHMENT_MAX_MB}
            )
        return upload
