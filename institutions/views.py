from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q, prefetch_related_objects
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from institutions import access, services
from institutions.forms import (
    ContactDetailsForm,
    DelegateFormSet,
    InstitutionFilterForm,
    InstitutionForm,
    MembershipForm,
    PersonForm,
    WorkingGroupForm,
)
from institutions.models import Delegate, GroupMembership, Person
from portal.concurrency import save_or_show_conflict
from portal.roles import member_required
from portal.views import form_page

# --- Institutions -----------------------------------------------------------


@member_required
def institution_list(request):
    filters = InstitutionFilterForm(request.GET or None)
    institutions = access.visible_institutions(request.user).annotate(
        people_count=Count("people", filter=Q(people__active=True), distinct=True),
        group_count=Count(
            "memberships", filter=GroupMembership.current_q("memberships__"), distinct=True
        ),
    )
    show = "active"
    if filters.is_valid():
        data = filters.cleaned_data
        show = data["show"] or "active"
        if data["q"]:
            q = data["q"]
            institutions = institutions.filter(
                Q(name_en__icontains=q) | Q(name_bs__icontains=q) | Q(acronym__icontains=q)
            )
        if data["kind"]:
            institutions = institutions.filter(kind=data["kind"])
    if show == "active":
        institutions = institutions.filter(active=True)
    elif show == "inactive":
        institutions = institutions.filter(active=False)
    return render(
        request,
        "institutions/institution_list.html",
        {
            "institutions": institutions,
            "filters": filters,
            "can_add_institution": access.can_add_institution(request.user),
        },
    )


@member_required
def institution_detail(request, pk: int):
    user = request.user
    institution = access.get_institution_for_user(user, pk)
    prefetch_related_objects(
        [institution],
        Prefetch(
            "memberships",
            queryset=GroupMembership.objects.select_related("group").prefetch_related(
                Prefetch("delegates", queryset=Delegate.objects.select_related("person"))
            ),
        ),
        Prefetch("people", queryset=Person.objects.select_related("user")),
    )
    memberships = list(institution.memberships.all())
    for membership in memberships:
        membership.can_edit = access.can_edit_membership(user, membership)
    people = list(institution.people.all())
    for person in people:
        person.can_edit = access.can_edit_person(user, person)
        person.show_contact = access.can_see_contact(user, person)
    return render(
        request,
        "institutions/institution_detail.html",
        {
            "institution": institution,
            "memberships": memberships,
            "people": people,
            "can_edit_institution": access.can_edit_institution(user, institution),
            "can_add_membership": access.can_add_membership(user, institution),
            "can_add_person": access.can_add_person(user, institution),
            "can_edit_any_membership": any(m.can_edit for m in memberships),
            "can_edit_any_person": any(p.can_edit for p in people),
        },
    )


@member_required
def institution_create(request):
    access.require(access.can_add_institution(request.user))
    form = InstitutionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        institution = form.save()
        messages.success(request, _("Institution “%(name)s” created.") % {"name": institution.name})
        return redirect(institution)
    return form_page(request, form=form, title=_("New institution"), cancel_url="institutions:list")


@member_required
def institution_edit(request, pk: int):
    institution = access.get_institution_for_user(request.user, pk, write=True)
    form = InstitutionForm(request.POST or None, instance=institution)
    if request.method == "POST" and form.is_valid() and save_or_show_conflict(form):
        messages.success(request, _("Institution “%(name)s” saved.") % {"name": institution.name})
        return redirect(institution)
    return form_page(
        request,
        form=form,
        title=_("Edit %(acronym)s") % {"acronym": institution.acronym},
        cancel_url=institution.get_absolute_url(),
    )


# --- People -----------------------------------------------------------------


@member_required
def person_create(request, institution_pk: int):
    institution = access.get_institution_for_user(request.user, institution_pk)
    access.require(access.can_add_person(request.user, institution))
    form = PersonForm(request.POST or None, instance=Person(institution=institution))
    if request.method == "POST" and form.is_valid():
        person = form.save()
        messages.success(request, _("%(name)s added.") % {"name": person.name})
        return redirect(institution)
    return form_page(
        request,
        form=form,
        title=_("New person at %(acronym)s") % {"acronym": institution.acronym},
        cancel_url=institution.get_absolute_url(),
    )


@member_required
def person_edit(request, pk: int):
    person = access.get_person_for_user(request.user, pk, write=True)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid() and save_or_show_conflict(form):
        messages.success(request, _("%(name)s saved.") % {"name": person.name})
        return redirect(person.institution)
    return form_page(
        request,
        form=form,
        title=_("Edit %(name)s") % {"name": person.name},
        cancel_url=person.institution.get_absolute_url(),
    )


@login_required
def my_contact_details(request):
    """A person edits their own contact details; accounts without a person have none."""
    person = access.get_own_person(request.user)
    form = ContactDetailsForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid() and save_or_show_conflict(form):
        messages.success(request, _("Your contact details were saved."))
        return redirect("institutions:my_contact")
    return form_page(
        request,
        form=form,
        title=_("My contact details"),
        cancel_url="home",
        intro=_("%(name)s, %(institution)s")
        % {"name": person.name, "institution": person.institution.name},
    )


# --- Memberships and delegates ----------------------------------------------


@member_required
def membership_create(request, institution_pk: int):
    institution = access.get_institution_for_user(request.user, institution_pk)
    access.require(access.can_add_membership(request.user, institution))
    form = MembershipForm(request.POST or None, institution=institution)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Membership saved."))
        return redirect(institution)
    return form_page(
        request,
        form=form,
        title=_("%(acronym)s joins a working group") % {"acronym": institution.acronym},
        cancel_url=institution.get_absolute_url(),
    )


@member_required
def membership_edit(request, pk: int):
    membership = access.get_membership_for_user(request.user, pk, write=True)
    institution = membership.institution
    form = MembershipForm(request.POST or None, instance=membership, institution=institution)
    formset = DelegateFormSet(
        request.POST or None,
        instance=membership,
        form_kwargs={"institution": institution},
        prefix="delegates",
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        services.save_membership(
            membership,
            services.MembershipInput(
                group=form.cleaned_data["group"],
                joined=form.cleaned_data["joined"],
                left=form.cleaned_data["left"],
            ),
            delegates=[
                services.DelegateInput(person=f.cleaned_data["person"], role=f.cleaned_data["role"])
                for f in formset.forms
                if f.cleaned_data.get("person") and not f.cleaned_data.get("DELETE")
            ],
        )
        messages.success(request, _("Membership saved."))
        return redirect(institution)
    return form_page(
        request,
        form=form,
        formset=formset,
        title=_("%(acronym)s in %(group)s")
        % {"acronym": institution.acronym, "group": membership.group.short_name},
        cancel_url=institution.get_absolute_url(),
        intro=_("Delegates: who represents the institution in this group."),
    )


# --- Working groups ---------------------------------------------------------


@member_required
def group_list(request):
    groups = access.visible_groups(request.user).annotate(
        member_count=Count("memberships", filter=GroupMembership.current_q("memberships__"))
    )
    return render(
        request,
        "institutions/group_list.html",
        {"groups": groups, "can_add_group": access.can_add_group(request.user)},
    )


@member_required
def group_detail(request, pk: int):
    group = access.get_group_for_user(request.user, pk)
    memberships = (
        group.memberships.select_related("institution")
        .prefetch_related(Prefetch("delegates", queryset=Delegate.objects.select_related("person")))
        .order_by("institution__acronym", "-joined")
    )
    return render(
        request,
        "institutions/group_detail.html",
        {
            "group": group,
            "memberships": memberships,
            "can_edit_group": access.can_edit_group(request.user, group),
        },
    )


@member_required
def group_create(request):
    access.require(access.can_add_group(request.user))
    form = WorkingGroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        group = form.save()
        messages.success(request, _("Working group created."))
        return redirect(group)
    return form_page(
        request, form=form, title=_("New working group"), cancel_url="institutions:group_list"
    )


@member_required
def group_edit(request, pk: int):
    group = access.get_group_for_user(request.user, pk, write=True)
    form = WorkingGroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid() and save_or_show_conflict(form):
        messages.success(request, _("Working group saved."))
        return redirect(group)
    return form_page(
        request,
        form=form,
        title=_("Edit %(name)s") % {"name": group.short_name},
        cancel_url=group.get_absolute_url(),
    )
