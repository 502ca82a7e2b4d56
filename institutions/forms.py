from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from institutions.models import Delegate, GroupMembership, Institution, Person, WorkingGroup
from portal.concurrency import VersionFormMixin
from portal.forms import BoundedInlineFormSet, row_limits


class InstitutionForm(VersionFormMixin, forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Institution
        fields = ["name_en", "name_bs", "acronym", "country", "kind", "website", "active"]

    def clean_acronym(self):
        return self.cleaned_data["acronym"].strip()


class WorkingGroupForm(VersionFormMixin, forms.ModelForm):
    class Meta:
        model = WorkingGroup
        fields = [
            "name_en",
            "name_bs",
            "short_name",
            "programme_en",
            "programme_bs",
            "description",
            "quorum",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class PersonForm(VersionFormMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "position", "email", "phone", "contact_public", "language", "active"]


class ContactDetailsForm(VersionFormMixin, forms.ModelForm):
    """What a person may change about themselves."""

    class Meta:
        model = Person
        fields = ["position", "email", "phone", "contact_public", "language"]
        labels = {
            "contact_public": _("Other institutions' representatives may see my e-mail and phone")
        }
        help_texts = {
            "contact_public": _(
                "Your own institution, the secretariat and the coordinators always see them."
            )
        }


class MembershipForm(forms.ModelForm):
    class Meta:
        model = GroupMembership
        fields = ["group", "joined", "left"]
        widgets = {
            "joined": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "left": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, institution: Institution, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.institution = institution

    def clean(self):
        cleaned = super().clean()
        joined, left = cleaned.get("joined"), cleaned.get("left")
        if joined and left and left < joined:
            self.add_error("left", _("The date left cannot be before the date joined."))
        return cleaned


class DelegateForm(forms.ModelForm):
    class Meta:
        model = Delegate
        fields = ["person", "role"]

    def __init__(self, *args, institution: Institution, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(institution=institution)

    def clean_person(self):
        person = self.cleaned_data["person"]
        membership = self.instance.membership if self.instance.membership_id else None
        if membership and person.institution_id != membership.institution_id:
            raise ValidationError(_("The person must work for the member institution."))
        return person


# A membership names a few delegates; a post that claims more builds no more forms.
MAX_DELEGATES = 20

DelegateFormSet = forms.inlineformset_factory(
    GroupMembership,
    Delegate,
    form=DelegateForm,
    formset=BoundedInlineFormSet,
    extra=2,
    can_delete=True,
    **row_limits(MAX_DELEGATES),
)


class InstitutionFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *Institution.Kind.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("active", _("Active")), ("inactive", _("Inactive")), ("all", _("All"))],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
