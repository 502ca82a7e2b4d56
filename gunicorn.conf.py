"""gunicorn's settings for the portal's web service.

gunicorn reads ./gunicorn.conf.py from its working directory (/app in the image), so the
compose file's and the Dockerfile's `gunicorn portal.wsgi:application ...` pick these up;
the command line (``--workers 3``) wins over this file. The values suit a small portal
behind a proxy: pages that answer in well under a second, a few slow PDF downloads and
uploads.
"""

import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be an integer, got {raw!r}") from None


# Threads: a slow client or download holds a thread, not a whole worker process.
worker_class = "gthread"
threads = _int("WEB_THREADS", 4)
# A worker that does not answer gunicorn's heartbeat for this long is killed and replaced;
# no page of the portal legitimately takes more than a few seconds.
timeout = _int("WEB_TIMEOUT", 30)
graceful_timeout = 30
keepalive = 5
# Workers are replaced after so many requests (with jitter, so not all at once), which
# bounds the memory any slow leak can take.
max_requests = _int("WEB_MAX_REQUESTS", 1000)
max_requests_jitter = max_requests // 10
# Request line and header limits (gunicorn's defaults made explicit, with fewer headers).
limit_request_line = 4094
limit_request_fields = 60
limit_request_field_size = 8190
