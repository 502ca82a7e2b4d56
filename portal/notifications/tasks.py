"""Thin Celery tasks: beat runs the rules and sends the outbox; the services do the work."""

from celery import shared_task

from portal.notifications import rules, services


@shared_task
def run_daily_rules() -> int:
    return services.run_rules(schedule=rules.DAILY)


@shared_task
def run_frequent_rules() -> int:
    return services.run_rules(schedule=rules.FREQUENT)


@shared_task(name=services.SEND_TASK)
def send_pending() -> dict:
    return services.send_due()
