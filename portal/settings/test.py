from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The database backend even when ELASTICSEARCH_URL is set for the integration tests.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = True
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Serve static files from the apps directly: no collectstatic before tests.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Each test sees its own data: the page cache is on only in the tests that ask for it.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PAGE_CACHE_ENABLED = False
# Uploaded and generated files of the tests go to a throwaway folder, never
# into the developer's var/media (unless MEDIA_ROOT is given, as the backup
# test does for the processes it starts).
import os  # noqa: E402
import tempfile  # noqa: E402

if not os.environ.get("MEDIA_ROOT"):
    MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="clauses-test-media-"))  # noqa: F405
