"""Who calls the API: a personal token (``Authorization: Bearer``) or the portal session.

Tokens are Wagtail's (wagtail.models.APIToken: only a digest is stored; made with
``manage.py create_api_token``). A session call that changes something must carry the
CSRF token, as a form would. A wrong token is refused even when a session cookie is
present: Wagtail's bearer check resets the user to anonymous.
"""

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import SessionAuth
from ninja.utils import check_csrf
from wagtail.api.v3.auth import BearerTokenAuth

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
MESSAGE_CSRF = (
    "Jeton CSRF absent ou incorrect : une modification par la session du portail doit "
    "envoyer l'en-tête X-CSRFToken, ou utilisez un jeton d'API."
)


class PortalSession(SessionAuth):
    """The signed-in portal session; CSRF checked for unsafe methods only."""

    def __call__(self, request: HttpRequest):
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)

    def _get_key(self, request: HttpRequest):
        if request.method not in SAFE_METHODS and check_csrf(request) is not None:
            raise HttpError(403, MESSAGE_CSRF)
        return request.COOKIES.get(self.param_name)


AUTH = [BearerTokenAuth(), PortalSession()]
