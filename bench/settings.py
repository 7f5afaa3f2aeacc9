"""Settings of the benchmark server: the portal's, with a bare view beside it."""

from portal.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "bench-only-not-a-secret"  # noqa: S105 - local benchmark on 127.0.0.1
ALLOWED_HOSTS = ["127.0.0.1"]
ROOT_URLCONF = "bench.urls"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AXES_ENABLED = False
WHITENOISE_USE_FINDERS = True
LOGGING = {"version": 1, "disable_existing_loggers": False}
# WhiteNoise warns when the folder is missing; the benchmarks serve no static file.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
