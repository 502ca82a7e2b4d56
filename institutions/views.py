from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from institutions.forms import (
    ContactDetailsForm,
    DelegateFormSet,
    InstitutionFilterForm,
    InstitutionForm,
    MembershipForm,
    PersonForm,
    WorkingGroupForm,
)
from institutions.models import Delegate, GroupMembership, Institution, Person, WorkingGroup
from portal.roles import member_required, perm_required
from portal.views import form_page

# --- Institutions -----------------------------------------------------------


@member_required
def institution_list(request):
    filters = InstitutionFilterForm(request.GET or None)
    institutions = Institution.objects.annotate(
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
        {"institutions": institutions, "filters": filters},
    )


@member_required
def institution_detail(request, pk: int):
    institution = get_object_or_404(
        Institution.objects.prefetch_related(
            Prefetch(
                "memberships",
                queryset=GroupMembership.objects.select_related("group").prefetch_related(
                    Prefetch("delegates", queryset=Delegate.objects.select_related("person"))
                ),
            ),
            Prefetch("people", queryset=Person.objects.select_related("user")),
        ),
        pk=pk,
    )
    return render(request, "institutions/institution_detail.html", {"institution": institution})


@perm_required("institutions.add_institution")
def institution_create(request):
    form = InstitutionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        institution = form.save()
        messages.success(request, _("Institution “%(name)s” created.") % {"name": institution.name})
        return redirect(institution)
    return form_page(request, form=form, title=_("New institution"), cancel_url="institutions:list")


@perm_required("institutions.change_institution")
def institution_edit(request, pk: int):
    institution = get_object_or_404(Institution, pk=pk)
    form = InstitutionForm(request.POST or None, instance=institution)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Institution “%(name)s” saved.") % {"name": institution.name})
        return redirect(institution)
    return form_page(
        request,
        form=form,
        title=_("Edit %(acronym)s") % {"acronym": institution.acronym},
        cancel_url=institution.get_absolute_url(),
    )


# --- People -----------------------------------------------------------------


@perm_required("institutions.add_person")
def person_create(request, institution_pk: int):
    institution = get_object_or_404(Institution, pk=institution_pk)
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


@perm_required("institutions.change_person")
def person_edit(request, pk: int):
    person = get_object_or_404(Person.objects.select_related("institution"), pk=pk)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        form.save()
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
    person = Person.objects.filter(user=request.user).select_related("institution").first()
    if person is None:
        raise Http404
    form = ContactDetailsForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        form.save()
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


@perm_required("institutions.add_groupmembership")
def membership_create(request, institution_pk: int):
    institution = get_object_or_404(Institution, pk=institution_pk)
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


@perm_required("institutions.change_groupmembership")
def membership_edit(request, pk: int):
    membership = get_object_or_404(
        GroupMembership.objects.select_related("institution", "group"), pk=pk
    )
    institution = membership.institution
    form = MembershipForm(request.POST or None, instance=membership, institution=institution)
    formset = DelegateFormSet(
        request.POST or None,
        instance=membership,
        form_kwargs={"institution": institution},
        prefix="delegates",
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        with transaction.atomic():
            form.save()
            formset.save()
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
    groups = WorkingGroup.objects.annotate(
        member_count=Count("memberships", filter=GroupMembership.current_q("memberships__"))
    )
    return render(request, "institutions/group_list.html", {"groups": groups})


@member_required
def group_detail(request, pk: int):
    group = get_object_or_404(WorkingGroup, pk=pk)
    memberships = (
        group.memberships.select_related("institution")
        .prefetch_related(Prefetch("delegates", queryset=Delegate.objects.select_related("person")))
        .order_by("institution__acronym", "-joined")
    )
    return render(
        request,
        "institutions/group_detail.html",
        {"group": group, "memberships": memberships},
    )


@perm_required("institutions.add_workinggroup")
def group_create(request):
    form = WorkingGroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        group = form.save()
        messages.success(request, _("Working group created."))
        return redirect(group)
    return form_page(
        request, form=form, title=_("New working group"), cancel_url="institutions:group_list"
    )


@perm_required("institutions.change_workinggroup")
def group_edit(request, pk: int):
    group = get_object_or_404(WorkingGroup, pk=pk)
    form = WorkingGroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Working group saved."))
        return redirect(group)
    return form_page(
        request,
        form=form,
        title=_("Edit %(name)s") % {"name": group.short_name},
        cancel_url=group.get_absolute_url(),
    )
