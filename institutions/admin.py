from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from institutions.models import Delegate, GroupMembership, Institution, Person, WorkingGroup
from portal.roles import REPRESENTATIVE


class MembershipInline(admin.TabularInline):
    model = GroupMembership
    extra = 0


class PersonInline(admin.TabularInline):
    model = Person
    extra = 0
    fields = ["name", "position", "email", "phone", "contact_public", "user", "language", "active"]
    raw_id_fields = ["user"]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name_en", "quorum"]
    search_fields = ["name_en", "name_bs", "short_name"]
    inlines = [MembershipInline]


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["acronym", "name_en", "name_bs", "kind", "country", "active"]
    list_filter = ["kind", "active", "country"]
    search_fields = ["acronym", "name_en", "name_bs"]
    inlines = [MembershipInline, PersonInline]


class DelegateInline(admin.TabularInline):
    model = Delegate
    extra = 0
    raw_id_fields = ["person"]


@admin.register(GroupMembership)
class GroupMembershipAdmin(admin.ModelAdmin):
    list_display = ["institution", "group", "joined", "left"]
    list_filter = ["group"]
    inlines = [DelegateInline]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "institution", "position", "email", "user", "language", "active"]
    list_filter = ["institution", "language", "active"]
    search_fields = ["name", "email", "user__username"]
    raw_id_fields = ["user"]


class PortalUserChangeForm(UserChangeForm):
    """A representative speaks for exactly one institution, through their person."""

    def clean(self):
        cleaned = super().clean()
        groups = cleaned.get("groups")
        needs_person = groups is not None and groups.filter(name=REPRESENTATIVE).exists()
        if needs_person and not Person.objects.filter(user_id=self.instance.pk).exists():
            raise ValidationError(
                _("A representative needs a person (and so an institution): link one first.")
            )
        return cleaned


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    form = PortalUserChangeForm


admin.site.site_header = _("Working Group Portal administration")
admin.site.site_title = _("Working Group Portal")
