"""Demo data: the working group as it met for the seventh time, in Konjic on 4 March 2014."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from institutions.models import Delegate, GroupMembership, Institution, Person, WorkingGroup
from portal import roles

GROUP = {
    "short_name": "WG-CKM",
    "name_en": "Inter-institutional working group for communications and knowledge management",
    "name_bs": "Međuinstitucionalna radna grupa za komunikacije i upravljanje znanjem",
    "programme_en": "Public Institutions Strengthening Programme in BiH",
    "programme_bs": "Program jačanja javnih institucija u BiH",
    "description": (
        "Representatives of the programme's beneficiary institutions exchange information on "
        "their activities, plan joint work and agree the group's work package, based on the "
        "Public Administration Reform Strategy in the area of institutional communication."
    ),
}

# acronym, English name, Bosnian name, kind, website, representative (name, position, e-mail)
MEMBERS = [
    (
        "PARCO",
        "Office of the Public Administration Reform Coordinator",
        "Ured koordinatora za reformu javne uprave",
        Institution.Kind.STATE_AGENCY,
        "https://parco.gov.ba",
        ("Emina Hodžić", "Public relations officer", "emina.hodzic@parco.example"),
    ),
    (
        "DEI",
        "Directorate for European Integration",
        "Direkcija za evropske integracije",
        Institution.Kind.STATE_AGENCY,
        "https://www.dei.gov.ba",
        ("Lejla Begić", "Head of communications", "lejla.begic@dei.example"),
    ),
    (
        "HEA",
        "Agency for Development of Higher Education and Quality Assurance of BiH",
        "Agencija za razvoj visokog obrazovanja i osiguranja kvaliteta BiH",
        Institution.Kind.STATE_AGENCY,
        "https://www.hea.gov.ba",
        ("Nermin Šehić", "Public relations officer", "nermin.sehic@hea.example"),
    ),
    (
        "APOSO",
        "Agency for Pre-school, Primary and Secondary Education of BiH",
        "Agencija za predškolsko, osnovno i srednje obrazovanje BiH",
        Institution.Kind.STATE_AGENCY,
        "https://www.aposo.gov.ba",
        ("Sanja Petrović", "Information officer", "sanja.petrovic@aposo.example"),
    ),
    (
        "BHAS",
        "Agency for Statistics of BiH",
        "Agencija za statistiku BiH",
        Institution.Kind.STATE_AGENCY,
        "https://bhas.gov.ba",
        ("Amra Čaušević", "Public relations officer", "amra.causevic@bhas.example"),
    ),
    (
        "ADS",
        "Civil Service Agency of BiH",
        "Agencija za državnu službu BiH",
        Institution.Kind.STATE_AGENCY,
        "https://www.ads.gov.ba",
        ("Dragan Ćosić", "Spokesperson", "dragan.cosic@ads.example"),
    ),
    (
        "CBBH",
        "Central Bank of Bosnia and Herzegovina",
        "Centralna banka Bosne i Hercegovine",
        Institution.Kind.CENTRAL_BANK,
        "https://www.cbbh.ba",
        ("Jasmina Đurić", "Head of public relations", "jasmina.djuric@cbbh.example"),
    ),
]

GIZ = (
    "GIZ",
    "Deutsche Gesellschaft für Internationale Zusammenarbeit (GIZ)",
    "Njemačko društvo za međunarodnu saradnju (GIZ)",
    Institution.Kind.DONOR,
    "https://www.giz.de",
)

# username, role, person name, position, institution acronym
LOGINS = [
    ("secretariat", roles.SECRETARIAT, "Marija Žunić", "Programme secretariat", "GIZ"),
    ("coordinator", roles.COORDINATOR, "Haris Mehmedović", "Reform coordinator", "PARCO"),
    ("statistics", roles.REPRESENTATIVE, None, None, "BHAS"),
]
DEMO_PASSWORD = "demo"  # noqa: S105 - demo logins, refused with DEBUG off unless forced
JOINED = datetime.date(2012, 5, 15)


def load(out=None) -> None:
    group, _ = WorkingGroup.objects.update_or_create(
        short_name=GROUP["short_name"],
        defaults={k: v for k, v in GROUP.items() if k != "short_name"},
    )
    institutions: dict[str, Institution] = {}
    people: dict[str, Person] = {}
    for acronym, name_en, name_bs, kind, website, (pname, position, email) in MEMBERS:
        institution, _ = Institution.objects.update_or_create(
            acronym=acronym,
            defaults={
                "name_en": name_en,
                "name_bs": name_bs,
                "kind": kind,
                "website": website,
                "country": "BA",
            },
        )
        institutions[acronym] = institution
        membership, _ = GroupMembership.objects.get_or_create(
            group=group, institution=institution, joined=JOINED
        )
        person, _ = Person.objects.update_or_create(
            institution=institution,
            name=pname,
            defaults={"position": position, "email": email, "language": Person.Language.BOSNIAN},
        )
        people[acronym] = person
        Delegate.objects.get_or_create(
            membership=membership, person=person, defaults={"role": Delegate.Role.REPRESENTATIVE}
        )
    acronym, name_en, name_bs, kind, website = GIZ
    institutions["GIZ"], _ = Institution.objects.update_or_create(
        acronym=acronym,
        defaults={
            "name_en": name_en,
            "name_bs": name_bs,
            "kind": kind,
            "website": website,
            "country": "DE",
        },
    )

    User = get_user_model()
    for username, role, pname, position, acronym in LOGINS:
        user, created = User.objects.get_or_create(username=username)
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
        user.is_active = True
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        if pname is None:
            person = people[acronym]
        else:
            person, _ = Person.objects.update_or_create(
                institution=institutions[acronym],
                name=pname,
                defaults={
                    "position": position,
                    "email": f"{username}@portal.example",
                    "language": "en",
                },
            )
        if person.user_id != user.pk:
            Person.objects.filter(user=user).exclude(pk=person.pk).update(user=None)
            person.user = user
            person.save(update_fields=["user"])
        if not user.email:
            user.email = person.email
            user.save(update_fields=["email"])
    if out:
        out.write(
            f"  working group {group.short_name}: {len(MEMBERS)} member institutions, GIZ as organiser"
        )
