from django import forms
from django.contrib.auth.forms import AuthenticationForm
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
