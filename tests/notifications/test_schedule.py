from django.conf import settings


def test_beat_runs_daily_rules_at_the_reminder_hour_and_the_outbox_often():
    schedule = settings.CELERY_BEAT_SCHEDULE
    daily = schedule["notifications-daily-rules"]
    assert daily["task"] == "portal.notifications.tasks.run_daily_rules"
    assert daily["schedule"].hour == {settings.REMINDER_HOUR}
    assert daily["schedule"].minute == {0}
    frequent = schedule["notifications-frequent-rules"]["schedule"]
    assert frequent.minute == set(range(0, 60, 5))
    assert schedule["notifications-send"]["task"] == "portal.notifications.tasks.send_pending"


def test_the_scheduled_tasks_are_registered():
    from portal.celery import app

    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks


def test_a_bad_reminder_days_setting_stops_start_up():
    from tests.test_settings import run_manage

    result = run_manage("check", extra_env={"MEETING_REMINDER_DAYS": "7,one"})
    assert result.returncode != 0
    assert "MEETING_REMINDER_DAYS must be whole numbers" in result.stderr
