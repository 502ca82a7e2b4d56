"""Demo data: the institutions' 2014 communication plans, reviewed at the seventh meeting.

The seventh meeting in Konjic (4 March 2014) included "a joint review of the institutions'
communication plans and recommendations for improving them". Safe to run twice: every
row is found again by its natural key.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from commsplans.models import (
    KPI,
    Activity,
    Audience,
    Channel,
    CommunicationPlan,
    Objective,
    PlanReview,
    PlanVersion,
    Recommendation,
    ReviewDate,
    Risk,
    Section,
)
from commsplans.services import plan_snapshot
from institutions.models import Institution, WorkingGroup
from meetings import services
from meetings.models import Meeting
from workpackages.models import Goal

MEETING_DATE = datetime.date(2014, 3, 4)
YEAR = 2014
Status = CommunicationPlan.Status
Response = Recommendation.Response
ANSWERED_AT = timezone.make_aware(datetime.datetime(2014, 4, 1, 12, 0))

# Shared shape; each institution fills it with its own focus.
OBJECTIVES = [
    ("G3", "Communicate proactively about the institution's results"),
    ("G4", "Answer requests for information within the legal deadline"),
    ("G6", "Use new technologies to reach younger audiences"),
]

# acronym -> (status after the meeting, context, audiences, activities, recommendations)
# recommendations: (section, text, answer, reason)
PLANS = {
    "BHAS": (
        Status.REVIEWED,
        "Official statistics are published on a fixed calendar, but users rarely know "
        "what is released and how to read it.",
        [
            ("Journalists", "Every release comes with a plain-language summary."),
            ("Researchers and students", "Microdata are available on request."),
        ],
        [
            ("Release calendar published on the website", 1, 1, 1, 31),
            ("Workshop for journalists on reading statistics", 4, 1, 4, 30),
            ("Statistics in schools: visits and teaching material", 9, 1, 12, 15),
        ],
        [
            (
                Section.KPIS,
                "Add an outcome KPI on how users rate the releases.",
                Response.ACCEPTED,
                "",
            ),
            (Section.AUDIENCES, "Name the key message for researchers more concretely.", "", ""),
            (Section.ACTIVITIES, "Give the school visits a budget line.", "", ""),
        ],
    ),
    "DEI": (
        Status.REVISED,
        "Citizens' support for EU integration is broad but their knowledge of the process is thin.",
        [
            ("Citizens", "EU integration brings concrete benefits to everyday life."),
            ("Civil-society organisations", "Partners in explaining the reforms."),
        ],
        [
            ("Europe Day information stands in ten towns", 5, 5, 5, 10),
            ("Quarterly newsletter on the integration process", 1, 15, 12, 15),
        ],
        [
            (
                Section.OBJECTIVES,
                "Link each objective to a goal of the work package.",
                Response.IMPLEMENTED,
                "",
            ),
            (
                Section.RISKS,
                "Add the risk of a delayed EU decision.",
                Response.IN_PROGRESS,
                "Drafted with the legal department.",
            ),
        ],
    ),
    "CBBH": (
        Status.APPROVED,
        "The central bank must explain monetary stability clearly to citizens and markets.",
        [("Financial journalists", "The currency board keeps the convertible mark stable.")],
        [
            ("Annual report presentation to the press", 4, 15, 4, 15),
            ("Open day for students", 10, 1, 10, 1),
        ],
        [
            (
                Section.CHANNELS,
                "Consider a social-media channel for young people.",
                Response.DECLINED,
                "Not allowed by the bank's current communication policy; to be revisited in 2015.",
            ),
        ],
    ),
    "ADS": (
        Status.REVIEWED,
        "Vacancies and civil-service exams are poorly understood by young graduates.",
        [("Young graduates", "Civil-service jobs are open to everyone through fair competition.")],
        [("Information days at universities", 3, 15, 5, 30)],
        [
            (
                Section.CONTEXT,
                "Describe the results of the 2013 applicant survey in the context.",
                Response.ACCEPTED,
                "",
            ),
            ("", "Add review dates to check progress during the year.", "", ""),
        ],
    ),
    "PARCO": (Status.DRAFT, "The reform needs visible results that citizens notice.", [], [], []),
}

REVISIONS = {
    "DEI": [
        (
            "A delayed EU decision weakens the key messages",
            "Messages speak of steps the country controls, not of dates.",
        )
    ],
}


def _meeting(group: WorkingGroup) -> Meeting:
    meeting = Meeting.objects.filter(group=group, date=MEETING_DATE).first()
    if meeting is None:
        meeting = services.meeting_create(
            group=group,
            status=Meeting.Status.HELD,
            details=services.MeetingDetails(
                date=MEETING_DATE,
                title="7th meeting of the working group",
                city="Konjic",
                start_time=datetime.time(10, 0),
                end_time=datetime.time(15, 0),
            ),
        )
    return meeting


def load(out=None) -> None:
    group = WorkingGroup.objects.get(short_name="WG-CKM")
    meeting = _meeting(group)
    # Goals come from the work-package demo; the newest work package's codes win.
    goals = {
        goal.code: goal
        for goal in Goal.objects.filter(work_package__group=group).order_by("work_package__start")
    }
    count = 0
    for acronym, (status, context, audiences, activities, recommendations) in PLANS.items():
        institution = Institution.objects.filter(acronym=acronym).first()
        if institution is None:
            continue
        plan, _ = CommunicationPlan.objects.update_or_create(
            institution=institution,
            group=group,
            start_year=YEAR,
            defaults={"end_year": YEAR, "status": status, "context": context},
        )
        plan.goals.set([goals[code] for code, _title in OBJECTIVES if code in goals])
        objectives = []
        for code, title in OBJECTIVES:
            objective, _ = Objective.objects.update_or_create(
                plan=plan, title=title, defaults={"goal": goals.get(code)}
            )
            objectives.append(objective)
        audience_rows = []
        for name, message in audiences:
            audience, _ = Audience.objects.update_or_create(
                plan=plan, name=name, defaults={"key_messages": message}
            )
            audience_rows.append(audience)
        website, _ = Channel.objects.update_or_create(
            plan=plan, name="Website", defaults={"description": "News, releases and documents."}
        )
        press, _ = Channel.objects.update_or_create(
            plan=plan, name="Press", defaults={"description": "Press releases and conferences."}
        )
        for i, (title, m1, d1, m2, d2) in enumerate(activities):
            activity, _ = Activity.objects.update_or_create(
                plan=plan,
                title=title,
                defaults={
                    "objective": objectives[i % len(objectives)],
                    "responsible": "Public relations officer",
                    "start": datetime.date(YEAR, m1, d1),
                    "end": datetime.date(YEAR, m2, d2),
                    "status": Activity.Status.DONE if m2 < 3 else Activity.Status.NOT_STARTED,
                    "budget": Decimal("1500.00") if i == 1 else None,
                },
            )
            activity.audiences.set(audience_rows)
            activity.channels.set([website, press])
        if activities:
            KPI.objects.update_or_create(
                plan=plan,
                description="Media articles citing the institution",
                defaults={"level": KPI.Level.OUTPUT, "baseline": "40", "target": "60"},
            )
            KPI.objects.update_or_create(
                plan=plan,
                description="Share of information requests answered on time",
                defaults={"level": KPI.Level.OUTCOME, "baseline": "70 %", "target": "95 %"},
            )
            Risk.objects.update_or_create(
                plan=plan,
                description="Staff turnover in the public relations unit",
                defaults={"mitigation": "A deputy is trained for every task."},
            )
            ReviewDate.objects.update_or_create(
                plan=plan, date=datetime.date(YEAR, 9, 30), defaults={"note": "Mid-year review"}
            )
        count += 1
        if status == Status.DRAFT:
            continue
        version, _ = PlanVersion.objects.get_or_create(
            plan=plan, number=1, defaults={"snapshot": plan_snapshot(plan)}
        )
        review, _ = PlanReview.objects.update_or_create(
            plan=plan,
            meeting=meeting,
            defaults={
                "version": version,
                "date": MEETING_DATE,
                "summary": "Reviewed jointly by the working group at its seventh meeting.",
            },
        )
        for order, (section, text, response, reason) in enumerate(recommendations, start=1):
            Recommendation.objects.update_or_create(
                review=review,
                order=order,
                defaults={
                    "section": section,
                    "text": text,
                    "response": response,
                    "reason": reason,
                    "answered_at": ANSWERED_AT if response else None,
                },
            )
        # What the institution changed after the review, so the revision page has something
        # to show; version 1 above was taken before it, on the first run.
        for description, mitigation in REVISIONS.get(acronym, []):
            Risk.objects.update_or_create(
                plan=plan, description=description, defaults={"mitigation": mitigation}
            )
        if status in (Status.REVISED, Status.APPROVED):
            PlanVersion.objects.get_or_create(
                plan=plan, number=2, defaults={"snapshot": plan_snapshot(plan)}
            )
    if out:
        out.write(f"  {count} communication plans for {YEAR}, reviewed at meeting {meeting.number}")
