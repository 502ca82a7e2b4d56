"""Errors go to Sentry when SENTRY_DSN is set; nothing of Sentry is loaded without it."""

import json

from tests.test_logs import PRODUCTION, _run

INSPECT = (
    "import json, sys, django; django.setup(); "
    "loaded = 'sentry_sdk' in sys.modules; "
    "client = sys.modules['sentry_sdk'].get_client() if loaded else None; "
    "print(json.dumps({'loaded': loaded} if client is None else {"
    "'loaded': loaded, 'active': client.is_active(), 'dsn': client.options['dsn'], "
    "'send_default_pii': client.options['send_default_pii'], "
    "'environment': client.options['environment'], "
    "'traces_sample_rate': client.options['traces_sample_rate'], "
    "'integrations': sorted(client.integrations)}))"
)
DSN = "https://public@127.0.0.1/1"  # never contacted: nothing is captured here


def test_sentry_dsn_initialises_the_django_and_celery_integrations_without_pii():
    result = _run(INSPECT, {**PRODUCTION, "SENTRY_DSN": DSN, "SENTRY_ENVIRONMENT": "staging"})
    assert result.returncode == 0, result.stderr
    options = json.loads(result.stdout)
    assert options["active"] is True
    assert options["dsn"] == DSN
    assert options["send_default_pii"] is False
    assert options["environment"] == "staging"
    assert options["traces_sample_rate"] == 0.0
    assert {"django", "celery"} <= set(options["integrations"])


def test_without_sentry_dsn_sentry_is_not_even_imported():
    result = _run(INSPECT, PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"loaded": False}


def test_a_bad_traces_sample_rate_names_the_variable():
    result = _run(INSPECT, {**PRODUCTION, "SENTRY_DSN": DSN, "SENTRY_TRACES_SAMPLE_RATE": "2"})
    assert result.returncode != 0
    assert "SENTRY_TRACES_SAMPLE_RATE must be at most 1.0" in result.stderr
