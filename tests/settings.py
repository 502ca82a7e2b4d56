"""Test settings: the real settings, made fast (in-process tasks, cheap hashing, local cache)."""

import os

# A developer's .env must not change what the tests see; the subprocesses that tests start
# inherit this too. Tests of the .env file name one explicitly.
os.environ["ENV_FILE"] = ""
# DEBUG is off by default (production's value); the tests, like `make run`, develop.
# Subprocesses inherit it; tests of production settings set DEBUG=false themselves.
os.environ.setdefault("DEBUG", "true")

from portal.settings import *  # noqa: E402, F403
from portal.settings import VAR_DIR  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "test-media"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Tasks run eagerly in the test process, as with no REDIS_URL: /healthz expects no worker
# there. A real worker that a test starts (tests/documents/conftest.py) keeps REDIS_URL.
if not os.environ.get("PORTAL_TEST_WORKER"):
    REDIS_URL = ""
# A real worker that a test starts with PORTAL_TEST_RENDER_DELAY renders that many seconds
# slower (tests/documents/slow_render.py), so the test can kill it mid-render.
if os.environ.get("PORTAL_TEST_RENDER_DELAY"):
    CELERY_IMPORTS = ["tests.documents.slow_render"]
