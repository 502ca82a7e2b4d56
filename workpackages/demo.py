"""Demo data: the 2014-2016 work package the group agreed at its seventh meeting.

The seven goals are those named in the meeting's report. Institutions have reported for
the periods 2014 H1 to 2016 H1 (most values approved, some returned, some still waiting
for review, some never sent). The demo world lies in the past, so every period would be
locked by now; the last one, 2016 H2, is shown as unlocked by the secretariat for late
reporting, which leaves the `statistics` login something to report today.
"""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from institutions.models import Institution, WorkingGroup
from meetings.models import Meeting
from workpackages import services
from workpackages.models import Goal, Indicator, ProgressUpdate, RubricLevel, WorkPackage

U, D, F = Indicator.Unit, Indicator.Direction, Indicator.Frequency
A = Indicator.Aggregation
BASELINE_DATE = datetime.date(2013, 12, 31)
TARGET_DATE = datetime.date(2016, 12, 31)

MATURITY_RUBRIC = [
    (0, "No practice: nothing planned or done."),
    (1, "Ad hoc: done occasionally, depending on individuals."),
    (2, "Defined: written procedure adopted, applied in part."),
    (3, "Applied: procedure applied throughout, responsibilities assigned."),
    (4, "Improving: results measured and used to improve the practice."),
]

# code, English title, Bosnian title, indicators:
#   (code, title_en, title_bs, unit, baseline, target, direction, frequency, aggregation, verification)
GOALS = [
    (
        "G1",
        "Cooperation with civil society",
        "Saradnja s civilnim društvom",
        [
            (
                "G1.1",
                "Public consultations held with civil-society organisations",
                "Javne konsultacije održane s organizacijama civilnog društva",
                U.NUMBER,
                1,
                4,
                D.INCREASE,
                F.HALF_YEARLY,
                A.MEAN,
                "Invitations and reports of the consultations",
            ),
            (
                "G1.2",
                "Cooperation agreement with civil-society organisations in force",
                "Sporazum o saradnji s organizacijama civilnog društva na snazi",
                U.YES_NO,
                0,
                1,
                D.REACH,
                F.YEARLY,
                A.SHARE_REACHING,
                "Signed agreement",
            ),
        ],
    ),
    (
        "G2",
        "Transparency",
        "Transparentnost",
        [
            (
                "G2.1",
                "Decisions published on the website within seven days",
                "Odluke objavljene na web-stranici u roku od sedam dana",
                U.PERCENT,
                40,
                90,
                D.INCREASE,
                F.HALF_YEARLY,
                A.MEAN,
                "Website publication log",
            ),
            (
                "G2.2",
                "Annual work report published",
                "Godišnji izvještaj o radu objavljen",
                U.YES_NO,
                0,
                1,
                D.REACH,
                F.YEARLY,
                A.SHARE_REACHING,
                "Link to the published report",
            ),
        ],
    ),
    (
        "G3",
        "More proactive communication",
        "Proaktivnija komunikacija",
        [
            (
                "G3.1",
                "Press releases issued",
                "Izdana saopćenja za javnost",
                U.NUMBER,
                6,
                12,
                D.INCREASE,
                F.HALF_YEARLY,
                A.MEAN,
                "Press release archive",
            ),
            (
                "G3.2",
                "Maturity of proactive communication planning",
                "Zrelost planiranja proaktivne komunikacije",
                U.MATURITY,
                1,
                3,
                D.INCREASE,
                F.HALF_YEARLY,
                A.MEAN,
                "Communication calendar and its review",
            ),
        ],
    ),
    (
        "G4",
        "Freedom of access to information",
        "Slobodan pristup informacijama",
        [
            (
                "G4.1",
                "Information requests answered within the 15-day legal deadline",
                "Zahtjevi za pristup informacijama odgovoreni u zakonskom roku od 15 dana",
                U.PERCENT,
                70,
                95,
                D.INCREASE,
                F.HALF_YEARLY,
                A.MEAN,
                "Register of requests",
            ),
            (
                "G4.2",
                "Average days to answer an information request",
                "Prosječan broj dana za odgovor na zahtjev za pristup informacijama",
                U.NUMBER,
                20,
                10,
                D.DECREASE,
                F.HALF_YEARLY,
                A.MEAN,
                "Register of requests",
            ),
        ],
    ),
    (
        "G5",
        "Communications as part of institutions' strategic planning",
        "Komunikacije kao dio strateškog planiranja institucija",
        [
            (
                "G5.1",
                "Communication strategy adopted",
                "Komunikacijska strategija usvojena",
                U.YES_NO,
                0,
                1,
                D.REACH,
                F.YEARLY,
                A.SHARE_REACHING,
                "Decision adopting the strategy",
            ),
            (
                "G5.2",
                "Strategic-plan objectives with a communication component",
                "Ciljevi strateškog plana s komunikacijskom komponentom",
                U.PERCENT,
                10,
                60,
                D.INCREASE,
                F.HALF_YEARLY,
                A.MEAN,
                "Strategic plan",
            ),
        ],
    ),
    (
        "G6",
        "Use of new technologies in communication",
        "Upotreba novih tehnologija u komunikaciji",
        [
            (
                "G6.1",
                "Staff trained in web content and social media",
                "Zaposleni obučeni za web-sadržaje i društvene mreže",
                U.PERCENT,
                15,
                60,
                D.INCREASE,
                F.HALF_YEARLY,
                A.MEAN,
                "Training attendance lists",
            ),
            (
                "G6.2",
                "Institution active on social media",
                "Institucija aktivna na društvenim mrežama",
                U.YES_NO,
                0,
                1,
                D.REACH,
                F.HALF_YEARLY,
                A.SHARE_REACHING,
                "Links to the accounts",
            ),
            (
                "G6.3",
                "Website visits per month (thousands)",
                "Posjete web-stranici mjesečno (u hiljadama)",
                U.NUMBER,
                5,
                10,
                D.INCREASE,
                F.HALF_YEARLY,
                A.MEAN,
                "Web analytics",
            ),
        ],
    ),
    (
        "G7",
        "Knowledge management for better planning, decision-making and communication",
        "Upravljanje znanjem za bolje planiranje, odlučivanje i komunikaciju",
        [
            (
                "G7.1",
                "Maturity of knowledge management",
                "Zrelost upravljanja znanjem",
                U.MATURITY,
                0,
                2,
                D.INCREASE,
                F.HALF_YEARLY,
                A.MEAN,
                "Knowledge-management procedure and its review",
            ),
            (
                "G7.2",
                "Internal knowledge-sharing events held",
                "Održani interni događaji razmjene znanja",
                U.NUMBER,
                0,
                2,
                D.INCREASE,
                F.HALF_YEARLY,
                A.MEAN,
                "Event agendas and attendance",
            ),
            (
                "G7.3",
                "Joint workshops, trainings and study visits held by the working group "
                "(cumulative)",
                "Zajedničke radionice, obuke i studijske posjete radne grupe (kumulativno)",
                U.NUMBER,
                0,
                6,
                D.INCREASE,
                F.HALF_YEARLY,
                A.SUM,
                "Agendas and reports of the group's events",
            ),
        ],
    ),
]

# How fast each institution moves along the planned path (1 = exactly on it), and the
# first period label it stopped reporting from (None: kept reporting).
PACE = {
    "PARCO": (1.1, None),
    "DEI": (1.0, None),
    "HEA": (0.8, None),
    "APOSO": (0.6, "2016 H1"),
    "BHAS": (1.05, None),
    "ADS": (0.5, "2015 H2"),
    "CBBH": (1.2, None),
}
REPORTED_UNTIL = "2016 H1"
# Indicators the group reports as a whole (the secretariat enters the values), with the
# group's approved value per period; the open period is left for the secretariat to report.
GROUP_VALUES = {"G7.3": {"2014 H1": 1, "2014 H2": 2, "2015 H1": 2, "2015 H2": 4, "2016 H1": 5}}
OPEN_PERIOD = "2016 H2"


def _noise(*parts: str) -> float:
    digest = hashlib.sha256("/".join(parts).encode()).digest()
    return digest[0] / 255  # 0..1, the same on every run


def _value(indicator: Indicator, progress: float, wobble: float) -> Decimal:
    base, target = float(indicator.baseline_value), float(indicator.target_value)
    raw = base + (target - base) * progress * (0.85 + 0.3 * wobble)
    if indicator.unit == U.YES_NO:
        return Decimal(1 if progress * (0.6 + wobble) > 0.5 else 0)
    if indicator.unit == U.MATURITY:
        return Decimal(max(0, min(4, round(raw))))
    if indicator.unit == U.PERCENT:
        return Decimal(str(round(max(0, min(100, raw)))))
    return Decimal(str(max(0, round(raw))))


def _meeting(group: WorkingGroup) -> Meeting:
    giz = Institution.objects.filter(acronym="GIZ").first()
    meeting, _ = Meeting.objects.get_or_create(
        group=group,
        date=datetime.date(2014, 3, 4),
        defaults={
            "title": "Seventh meeting of the working group",
            "city": "Konjic",
            "start_time": datetime.time(10, 0),
            "end_time": datetime.time(15, 0),
            "status": Meeting.Status.MINUTES_APPROVED,
            "organiser": giz,
        },
    )
    return meeting


def load(out=None) -> None:
    group = WorkingGroup.objects.get(short_name="WG-CKM")
    meeting = _meeting(group)
    package, _ = WorkPackage.objects.update_or_create(
        group=group,
        start=datetime.date(2014, 1, 1),
        defaults={
            "title_en": "Work package 2014–2016",
            "title_bs": "Plan rada 2014–2016",
            "end": datetime.date(2016, 12, 31),
            "status": WorkPackage.Status.ADOPTED,
            "adopted_at": meeting,
            # Decision 7/D1 of the seventh meeting adopted the work package.
            "adopted_by": meeting.decisions.filter(number=1).first(),
        },
    )
    indicators: list[Indicator] = []
    for order, (code, title_en, title_bs, rows) in enumerate(GOALS, start=1):
        goal, _ = Goal.objects.update_or_create(
            work_package=package,
            code=code,
            defaults={"title_en": title_en, "title_bs": title_bs, "order": order},
        )
        for i, (icode, ien, ibs, unit, base, target, direction, freq, agg, mov) in enumerate(
            rows, start=1
        ):
            indicator, _ = Indicator.objects.update_or_create(
                goal=goal,
                code=icode,
                defaults={
                    "title_en": ien,
                    "title_bs": ibs,
                    "unit": unit,
                    "baseline_value": base,
                    "baseline_date": BASELINE_DATE,
                    "target_value": target,
                    "target_date": TARGET_DATE,
                    "direction": direction,
                    "frequency": freq,
                    "aggregation": agg,
                    "means_of_verification": mov,
                    "scope": Indicator.Scope.GROUP
                    if icode in GROUP_VALUES
                    else Indicator.Scope.EACH_INSTITUTION,
                    "order": i,
                },
            )
            if unit == U.MATURITY:
                for level, description in MATURITY_RUBRIC:
                    RubricLevel.objects.update_or_create(
                        indicator=indicator, level=level, defaults={"description": description}
                    )
            indicators.append(indicator)

    services.generate_periods(work_package=package, frequency=F.HALF_YEARLY, due_after_days=30)
    periods = list(package.periods.all())
    for period in periods:
        if period.label == OPEN_PERIOD:
            services.unlock_period(period=period)

    User = get_user_model()
    secretariat = User.objects.filter(username="secretariat").first()
    members = {i.acronym: i for i in Institution.objects.filter(acronym__in=PACE)}
    span = (TARGET_DATE - BASELINE_DATE).days
    _group_updates(indicators, periods, secretariat)
    indicators = [i for i in indicators if i.scope == Indicator.Scope.EACH_INSTITUTION]
    for acronym, (pace, stopped) in PACE.items():
        institution = members.get(acronym)
        if institution is None:
            continue
        for period in periods:
            if period.label > REPORTED_UNTIL or (stopped and period.label >= stopped):
                continue
            progress = pace * (period.end - BASELINE_DATE).days / span
            for indicator in indicators:
                if not period.is_due_for(indicator):
                    continue
                # Some indicators move faster than planned, some slower.
                speed = 0.55 + 0.6 * _noise(indicator.code)
                wobble = _noise(acronym, indicator.code, period.label)
                if wobble < 0.04:
                    continue  # never sent
                _demo_update(indicator, institution, period, progress * speed, wobble, secretariat)
    # A few values of the still-open period from other institutions, waiting for review.
    open_period = next(p for p in periods if p.label == OPEN_PERIOD)
    for acronym in ("DEI", "CBBH"):
        institution = members.get(acronym)
        if institution is None:
            continue
        for indicator in indicators[:4]:
            if open_period.is_due_for(indicator):
                _demo_update(
                    indicator,
                    institution,
                    open_period,
                    PACE[acronym][0],
                    0.5,
                    None,
                    status=ProgressUpdate.Status.SUBMITTED,
                )


def _demo_update(indicator, institution, period, progress, wobble, reviewer, status=None):
    if ProgressUpdate.objects.filter(
        indicator=indicator, institution=institution, period=period
    ).exists():
        return
    value = _value(indicator, progress, wobble)
    level = None
    if indicator.unit == U.MATURITY:
        level = indicator.rubric_levels.filter(level=int(value)).first()
    if status is None:
        if wobble > 0.95:
            status = ProgressUpdate.Status.RETURNED
        elif wobble > 0.9:
            status = ProgressUpdate.Status.SUBMITTED
        else:
            status = ProgressUpdate.Status.APPROVED
    late = wobble > 0.8
    submitted = datetime.datetime.combine(
        period.due_date + datetime.timedelta(days=5 if late else -3), datetime.time(11, 0)
    )
    update = ProgressUpdate(
        indicator=indicator,
        institution=institution,
        period=period,
        value=value,
        rubric_level=level,
        narrative=f"Reported by {institution.acronym} for {period.label}.",
        evidence_url=f"https://{institution.acronym.lower()}.example/evidence/{indicator.code}"
        if indicator.unit == U.MATURITY or wobble > 0.5
        else "",
        status=status,
        late=late,
        submitted_at=timezone.make_aware(submitted),
    )
    if status == ProgressUpdate.Status.RETURNED:
        update.return_reason = (
            "The value does not match the evidence: attach the source document and check it."
        )
    if status in (ProgressUpdate.Status.APPROVED, ProgressUpdate.Status.RETURNED):
        update.reviewed_by = reviewer
        update.reviewed_at = update.submitted_at + datetime.timedelta(days=7)
    update._history_user = reviewer
    update.save()


def _group_updates(indicators, periods, secretariat) -> None:
    """The group's approved values of its group-scope indicators (no institution)."""
    for indicator in indicators:
        for period in periods:
            value = GROUP_VALUES.get(indicator.code, {}).get(period.label)
            if (
                value is None
                or ProgressUpdate.objects.filter(
                    indicator=indicator, institution__isnull=True, period=period
                ).exists()
            ):
                continue
            submitted = timezone.make_aware(
                datetime.datetime.combine(
                    period.due_date - datetime.timedelta(days=2), datetime.time(9, 0)
                )
            )
            update = ProgressUpdate(
                indicator=indicator,
                institution=None,
                period=period,
                value=Decimal(value),
                narrative=f"{value} joint events of the working group held by the end of "
                f"{period.label}.",
                evidence_url="https://wg-ckm.example/events",
                status=ProgressUpdate.Status.APPROVED,
                created_by=secretariat,
                submitted_by=secretariat,
                submitted_at=submitted,
                reviewed_by=secretariat,
                reviewed_at=submitted + datetime.timedelta(days=1),
            )
            update._history_user = secretariat
            update.save()
