from portal.env import env_str

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = True


def _dev_secret_key() -> str:
    """A key generated once per checkout, so that sessions survive restarts."""
    path = VAR_DIR / "dev-secret-key"
    if not path.exists():
        from django.core.management.utils import get_random_secret_key

        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(get_random_secret_key())
    return path.read_text().strip()


SECRET_KEY = env_str("SECRET_KEY") or _dev_secret_key()
ALLOWED_HOSTS = ["*"]  # noqa: F405 - a development server answers on any name
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
