from django.urls import reverse

from tests.meetings.factories import DecisionFactory, MeetingFactory
from workpackages.models import WorkPackage


def post_package(client, package, **changes):
    data = {
        "group": package.group_id,
        "title_en": package.title_en,
        "title_bs": package.title_bs,
        "start": package.start.isoformat(),
        "end": package.end.isoformat(),
        "year_starts": package.year_starts,
        "status": "adopted",
        "adopted_at": "",
        "adopted_by": "",
        **changes,
    }
    return client.post(reverse("workpackages:edit", args=[package.pk]), data)


def test_secretariat_records_the_adopting_decision_and_the_page_shows_it(
    client_for, secretariat, package
):
    meeting = MeetingFactory(group=package.group)
    decision = DecisionFactory(meeting=meeting, text="The work package is adopted.")
    client = client_for(secretariat)
    response = post_package(client, package, adopted_at=meeting.pk, adopted_by=decision.pk)
    assert response.status_code == 302
    package.refresh_from_db()
    assert package.adopted_by == decision
    page = client.get(package.get_absolute_url()).content.decode()
    assert f"decision {decision.register_number}" in page


def test_a_decision_of_another_meeting_is_refused(client_for, secretariat, package):
    meeting = MeetingFactory(group=package.group)
    other = DecisionFactory(meeting=MeetingFactory(group=package.group))
    response = post_package(
        client_for(secretariat), package, adopted_at=meeting.pk, adopted_by=other.pk
    )
    assert "The adopting decision must be one of that meeting&#x27;s decisions." in (
        response.content.decode()
    )
    assert WorkPackage.objects.get(pk=package.pk).adopted_by is None


def test_an_internal_adopting_decision_is_not_named_to_representatives(
    client_for, coordinator, representative, package
):
    meeting = MeetingFactory(group=package.group)
    decision = DecisionFactory(meeting=meeting, number=4, text="Adopted.", internal=True)
    package.adopted_at, package.adopted_by = meeting, decision
    package.save()
    named = f"decision {decision.register_number}"
    assert named in client_for(coordinator).get(package.get_absolute_url()).content.decode()
    page = client_for(representative).get(package.get_absolute_url()).content.decode()
    assert f"adopted at {meeting.title}" in page
    assert named not in page
