from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from portal.concurrency import VersionedModel
from portal.validators import plausible_date


def localized(obj, field: str) -> str:
    """The Bosnian value of ``field`` when the active language is Bosnian and it is filled."""
    if (get_language() or "en").startswith("bs"):
        value = getattr(obj, f"{field}_bs", "")
        if value:
            return value
    return getattr(obj, f"{field}_en")


class WorkingGroup(VersionedModel):
    name_en = models.CharField(_("name (English)"), max_length=255)
    name_bs = models.CharField(_("name (Bosnian)"), max_length=255, blank=True)
    short_name = models.CharField(_("short name"), max_length=60, unique=True)
    programme_en = models.CharField(_("programme (English)"), max_length=255, blank=True)
    programme_bs = models.CharField(_("programme (Bosnian)"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    quorum = models.DecimalField(
        _("quorum"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.50"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1.00"))],
        help_text=_("Share of member institutions that must be present, from 0.01 to 1.00."),
    )
    institutions = models.ManyToManyField(
        "Institution", through="GroupMembership", related_name="working_groups"
    )

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["short_name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("institutions:group_detail", args=[self.pk])

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def programme(self) -> str:
        return localized(self, "programme")


class Institution(VersionedModel):
    class Kind(models.TextChoices):
        STATE_AGENCY = "agency", _("State agency")
        MINISTRY = "ministry", _("Ministry")
        CENTRAL_BANK = "central_bank", _("Central bank")
        DONOR = "donor", _("Donor or implementing organisation")
        CIVIL_SOCIETY = "cso", _("Civil-society organisation")
        OTHER = "other", _("Other")

    name_en = models.CharField(_("name (English)"), max_length=255)
    name_bs = models.CharField(_("name (Bosnian)"), max_length=255)
    acronym = models.CharField(_("acronym"), max_length=20)
    country = CountryField(_("country"), default="BA")
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.STATE_AGENCY
    )
    website = models.URLField(_("website"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["acronym"]
        constraints = [
            models.UniqueConstraint(
                Lower("acronym"),
                name="institution_acronym_unique",
                violation_error_message=_("An institution with this acronym already exists."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})"

    def get_absolute_url(self) -> str:
        return reverse("institutions:detail", args=[self.pk])

    @property
    def name(self) -> str:
        return localized(self, "name")


class GroupMembership(models.Model):
    group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("group")
    )
    institution = models.ForeignKey(
        Institution,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("institution"),
    )
    joined = models.DateField(_("joined"), default=timezone.localdate, validators=plausible_date())
    left = models.DateField(_("left"), null=True, blank=True, validators=plausible_date())

    class Meta:
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        ordering = ["group", "institution__acronym"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "institution", "joined"],
                name="membership_unique_start",
                violation_error_message=_(
                    "This institution already joined the group on that date."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(left__isnull=True) | models.Q(left__gte=models.F("joined")),
                name="membership_left_after_joined",
                violation_error_message=_("The date left cannot be before the date joined."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution.acronym} in {self.group.short_name}"

    @staticmethod
    def current_q(prefix: str = "", on=None) -> models.Q:
        """Memberships in force on ``on`` (today by default): the one place this rule is
        written; read members through ``institutions.selectors``."""
        on = on or timezone.localdate()
        return models.Q(**{f"{prefix}joined__lte": on}) & (
            models.Q(**{f"{prefix}left__isnull": True}) | models.Q(**{f"{prefix}left__gte": on})
        )


class Person(VersionedModel):
    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        BOSNIAN = "bs", _("Bosnian")

    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="people", verbose_name=_("institution")
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("user account"),
    )
    language = models.CharField(
        _("preferred language"), max_length=5, choices=Language.choices, default=Language.BOSNIAN
    )
    contact_public = models.BooleanField(
        _("contact details shown to other institutions"),
        default=False,
        help_text=_("Other institutions' representatives may see this person's e-mail and phone."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("institutions:detail", args=[self.institution_id]) + f"#person-{self.pk}"


class Delegate(models.Model):
    """A person's role for their institution in a group: representative, deputy or focal point."""

    class Role(models.TextChoices):
        REPRESENTATIVE = "representative", _("Representative")
        DEPUTY = "deputy", _("Deputy")
        FOCAL_POINT = "focal_point", _("Focal point")

    membership = models.ForeignKey(
        GroupMembership,
        on_delete=models.CASCADE,
        related_name="delegates",
        verbose_name=_("membership"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="delegations", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")
        ordering = ["membership", "role", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "person"],
                name="delegate_once_per_membership",
                violation_error_message=_("This person is already a delegate in this membership."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()}"
