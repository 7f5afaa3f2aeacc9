"""Limits on password reset requests, per client address and per e-mail address typed.

Every request is counted, whether or not an account has that address, so the answer
beyond the limit says nothing about which addresses exist. The address is the one the
login limits count (`portal.core.client_ip`).
"""

from django.conf import settings
from django.http import HttpRequest

from portal.core.client_ip import client_ip
from portal.core.ratelimit import Limit, allow


def password_reset_refused_message() -> str:
    return (
        "Trop de demandes de réinitialisation ont été faites depuis votre adresse ou pour "
        "cette adresse électronique : aucun message n'a été envoyé. Réessayez dans "
        f"{settings.PASSWORD_RESET_WINDOW_MINUTES} minutes."
    )


def password_reset_allowed(request: HttpRequest, email: str) -> bool:
    seconds = settings.PASSWORD_RESET_WINDOW_MINUTES * 60
    return allow([
        (Limit("password-reset-address", settings.PASSWORD_RESET_LIMIT_PER_ADDRESS, seconds),
         client_ip(request) or "inconnue"),
        (Limit("password-reset-email", settings.PASSWORD_RESET_LIMIT_PER_EMAIL, seconds),
         email.strip().lower()),
    ])


class PasswordResetLimitMixin:
    """For Django's PasswordResetView and Wagtail's: beyond a limit, the form again
    with the reason (429), and no e-mail."""

    def form_valid(self, form):
        if password_reset_allowed(self.request, form.cleaned_data["email"]):
            return super().form_valid(form)
        form.add_error(None, password_reset_refused_message())
        response = self.form_invalid(form)
        response.status_code = 429
        return response
