from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Username"),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )


class BoundedFormSetMixin:
    """A formset that builds at most ``absolute_max`` forms and says so in the user's language.

    Django builds as many forms as the posted TOTAL_FORMS asks for, up to ``absolute_max``
    (by default 2,000): a forged count made the section pages build and render thousands
    of forms. ``row_limits(n)`` sets ``max_num`` and ``absolute_max`` to ``n``, so a larger
    count builds ``n`` forms and answers with the error below.
    """

    default_error_messages = {
        "too_many_forms": ngettext_lazy(
            "Save at most %(num)d row at a time.", "Save at most %(num)d rows at a time.", "num"
        ),
        "missing_management_form": _(
            "The list of rows was sent incomplete; reload the page and try again."
        ),
    }


class BoundedFormSet(BoundedFormSetMixin, forms.BaseFormSet):
    pass


class BoundedInlineFormSet(BoundedFormSetMixin, forms.BaseInlineFormSet):
    pass


def row_limits(max_rows: int) -> dict:
    """Keyword arguments for formset_factory/inlineformset_factory: at most ``max_rows``."""
    return {"max_num": max_rows, "validate_max": True, "absolute_max": max_rows}


# The largest key a database column holds (a signed 64-bit integer).
_KEY_LIMIT = 2**63


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses a key no database column can hold, as an invalid choice, before the query.

    Django turns the posted keys into one ``pk__in`` query; on SQLite a key past 64 bits
    makes the driver raise OverflowError (a 500) instead of finding nothing.
    """

    def _check_values(self, value):
        for key in value or ():
            try:
                number = int(str(key))
            except ValueError:
                continue  # not a number: Django's own check refuses it
            if not -_KEY_LIMIT <= number < _KEY_LIMIT:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": key},
                )
        return super()._check_values(value)
