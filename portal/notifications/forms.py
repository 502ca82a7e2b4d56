from django import forms
from django.utils.translation import gettext_lazy as _

from portal.notifications import rules
from portal.notifications.models import Notification


class PreferencesForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Send me e-mails about"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = [(kind.key, kind.label) for kind in rules.kinds()]


class OutboxFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All"))] + list(Notification.Status.choices),
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    q = forms.CharField(label=_("Recipient or subject"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All"))] + [
            (kind.key, kind.label) for kind in rules.kinds()
        ]
        for field in self.fields.values():
            css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            field.widget.attrs["class"] = css
