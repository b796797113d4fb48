"""Settings for the test suite: the base settings with fast hashing and in-process tasks."""

from thidua.settings import *  # noqa: F403
from thidua.settings import TASKS

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {
    **TASKS,
    "default": {**TASKS["default"], "BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
}
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests serve no collected static files; WhiteNoise would only warn that var/static is missing.
MIDDLEWARE = [m for m in MIDDLEWARE if "whitenoise" not in m]  # noqa: F405
# Cached counts would outlive a test's rolled-back data (ids are reused): off, except in the
# tests of the cache itself (tests/org/test_count_cache.py).
THIDUA_DASHBOARD_CACHE_SECONDS = 0
THIDUA_COUNT_CACHE_SECONDS = 0
