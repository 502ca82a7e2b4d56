from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from commsplans.models import (
    KPI,
    Activity,
    Audience,
    Channel,
    CommunicationPlan,
    Objective,
    Recommendation,
    ReviewDate,
    Risk,
    Section,
)
from institutions.models import Institution, WorkingGroup
from institutions.selectors import groups_of
from meetings.models import Meeting
from portal.concurrency import VersionForm, VersionFormMixin
from portal.forms import (
    BoundedFormSet,
    BoundedInlineFormSet,
    BoundedModelMultipleChoiceField,
    row_limits,
)
from portal.validators import plausible_date
from workpackages.models import Goal, Indicator

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YEAR_FIELD = {"min_value": 2000, "max_value": 2100}


def _group_goals(group: WorkingGroup):
    return Goal.objects.filter(work_package__group=group).select_related("work_package")


class PlanCreateForm(forms.Form):
    group = forms.ModelChoiceField(label=_("Working group"), queryset=WorkingGroup.objects.none())
    start_year = forms.IntegerField(label=_("First year"), **YEAR_FIELD)
    end_year = forms.IntegerField(label=_("Last year"), **YEAR_FIELD)
    copy_previous = forms.BooleanField(
        label=_("Start as a copy of the previous period's plan"), required=False
    )

    def __init__(self, *args, institution: Institution, **kwargs):
        super().__init__(*args, **kwargs)
        self.institution = institution
        groups = groups_of(institution)
        self.fields["group"].queryset = groups
        if len(groups) == 1:
            self.fields["group"].initial = groups[0].pk

    def clean(self):
        cleaned = super().clean()
        start, end, group = cleaned.get("start_year"), cleaned.get("end_year"), cleaned.get("group")
        if start and end and end < start:
            self.add_error("end_year", _("The last year cannot be before the first year."))
        if start and group:
            taken = CommunicationPlan.objects.filter(
                institution=self.institution, group=group, start_year=start
            ).exists()
            if taken:
                self.add_error(
                    "start_year",
                    _("Your institution already has a plan for this group starting that year."),
                )
        return cleaned


class PlanVersionForm(VersionForm):
    """The version of the plan a section page was loaded with (see portal.concurrency)."""

    def __init__(self, *args, plan: CommunicationPlan, **kwargs):
        super().__init__(*args, record=plan, **kwargs)


class PlanForm(VersionFormMixin, forms.ModelForm):
    """The period, context and goals; the view saves through services.plan_update."""

    # Bounded here, not only by the model's validators: clean() compares them with the
    # activities' dates before the model is validated.
    start_year = forms.IntegerField(label=_("First year"), **YEAR_FIELD)
    end_year = forms.IntegerField(label=_("Last year"), **YEAR_FIELD)

    class Meta:
        model = CommunicationPlan
        fields = ["start_year", "end_year", "context", "goals"]
        field_classes = {"goals": BoundedModelMultipleChoiceField}
        widgets = {
            "context": forms.Textarea(attrs={"rows": 6}),
            "goals": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goals"].queryset = _group_goals(self.instance.group)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if start and end and end >= start:
            outside = self.instance.activities.exclude(
                start__year__gte=start, end__year__lte=end
            ).count()
            if outside:
                raise forms.ValidationError(
                    ngettext(
                        "%(count)d activity would fall outside the new period; move it first.",
                        "%(count)d activities would fall outside the new period; move them first.",
                        outside,
                    ),
                    params={"count": outside},
                )
        return cleaned


class PlanRowForm(forms.ModelForm):
    """A row of one section of ``plan``; choices are limited to the plan's own rows."""

    def __init__(self, *args, plan: CommunicationPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan


class ObjectiveForm(PlanRowForm):
    class Meta:
        model = Objective
        fields = ["title", "description", "goal"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = _group_goals(self.plan.group)


class AudienceForm(PlanRowForm):
    class Meta:
        model = Audience
        fields = ["name", "key_messages"]
        widgets = {"key_messages": forms.Textarea(attrs={"rows": 3})}


class ChannelForm(PlanRowForm):
    class Meta:
        model = Channel
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class ActivityForm(PlanRowForm):
    class Meta:
        model = Activity
        fields = [
            "title",
            "objective",
            "audiences",
            "channels",
            "responsible",
            "start",
            "end",
            "status",
            "budget",
        ]
        field_classes = {
            "audiences": BoundedModelMultipleChoiceField,
            "channels": BoundedModelMultipleChoiceField,
        }
        widgets = {
            "start": DATE,
            "end": DATE,
            "audiences": forms.CheckboxSelectMultiple,
            "channels": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = self.plan.objectives.all()
        self.fields["audiences"].queryset = self.plan.audiences.all()
        self.fields["channels"].queryset = self.plan.channels.all()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The activity cannot end before it starts."))
        plan = self.plan
        for name in ("start", "end"):
            day = cleaned.get(name)
            if day and not (plan.period_start <= day <= plan.period_end):
                self.add_error(
                    name,
                    _("The date must fall within the plan's period (%(period)s).")
                    % {"period": plan.period_label},
                )
        return cleaned


class KPIForm(PlanRowForm):
    class Meta:
        model = KPI
        fields = ["level", "description", "baseline", "target", "indicator"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.filter(
            goal__work_package__group=self.plan.group
        )


class RiskForm(PlanRowForm):
    class Meta:
        model = Risk
        fields = ["description", "mitigation"]
        widgets = {"mitigation": forms.Textarea(attrs={"rows": 2})}


class ReviewDateForm(PlanRowForm):
    class Meta:
        model = ReviewDate
        fields = ["date", "note"]
        widgets = {"date": DATE}


# A section holds at most this many rows; a post that claims more builds no more forms.
SECTION_MAX_ROWS = 100
# A review makes at most this many recommendations.
REVIEW_MAX_RECOMMENDATIONS = 30


def _formset(model, form):
    return forms.inlineformset_factory(
        CommunicationPlan,
        model,
        form=form,
        formset=BoundedInlineFormSet,
        extra=2,
        can_delete=True,
        **row_limits(SECTION_MAX_ROWS),
    )


# The sections edited as a list of rows: URL key -> (title, formset class).
SECTION_FORMSETS = {
    Section.OBJECTIVES: _formset(Objective, ObjectiveForm),
    Section.AUDIENCES: _formset(Audience, AudienceForm),
    Section.CHANNELS: _formset(Channel, ChannelForm),
    Section.ACTIVITIES: _formset(Activity, ActivityForm),
    Section.KPIS: _formset(KPI, KPIForm),
    Section.RISKS: _formset(Risk, RiskForm),
    Section.REVIEW_DATES: _formset(ReviewDate, ReviewDateForm),
}


class ReviewForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("Reviewed at meeting"), queryset=Meeting.objects.none(), required=False
    )
    reviewer = forms.CharField(label=_("Or by a named reviewer"), max_length=200, required=False)
    date = forms.DateField(
        label=_("Date of the review"),
        widget=DATE,
        required=False,
        help_text=_("Leave empty to use the meeting's date."),
        # Not a ModelForm: the model's bounds are asked for here.
        validators=plausible_date(),
    )
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, plan: CommunicationPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(group=plan.group)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("meeting") and not cleaned.get("reviewer", "").strip():
            raise forms.ValidationError(_("Name the meeting or the reviewer."))
        meeting = cleaned.get("meeting")
        if not cleaned.get("date"):
            if meeting:
                cleaned["date"] = meeting.date
            elif "date" not in self.errors:
                self.add_error("date", _("Give the date of the review."))
        return cleaned


class RecommendationRowForm(forms.Form):
    section = forms.ChoiceField(
        label=_("Section"),
        choices=[("", _("The plan as a whole")), *Section.choices],
        required=False,
    )
    text = forms.CharField(
        label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


RecommendationFormSet = forms.formset_factory(
    RecommendationRowForm,
    formset=BoundedFormSet,
    extra=3,
    **row_limits(REVIEW_MAX_RECOMMENDATIONS),
)


class AnswerForm(forms.ModelForm):
    response = forms.ChoiceField(
        label=_("Answer"), choices=Recommendation.Response.choices, widget=forms.RadioSelect
    )

    class Meta:
        model = Recommendation
        fields = ["response", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("response") == Recommendation.Response.DECLINED
            and not (cleaned.get("reason") or "").strip()
        ):
            self.add_error("reason", _("Say why the recommendation is declined."))
        return cleaned


class OverviewFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, **YEAR_FIELD)
