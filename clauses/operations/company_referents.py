"""Inviting a company's referent, and the invitation taken up.

A facilitator who sees the company (and keeps company records) sends an e-mail with a
signed link (django.core.signing) that holds the company and the address; it expires
after COMPANY_INVITATION_DAYS. Following it, the person sets their password (a new
account) or, already holding an account with that address, signs in: either way they
join the company's referents group (network.roles.make_company_referent).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.urls import reverse

from clauses.operations.common import ensure
from network import roles
from network.models import Organisation
from network.notifications.emails import base_url
from network.permissions import Action, may_manage_companies

SALT = "clauses.company-invitation"
MESSAGE_NOT_INVITING = (
    "Les référents d'une entreprise sont invités par les facilitateurs qui suivent ses "
    "marchés."
)
MESSAGE_EMAIL = "Indiquez une adresse électronique valide."
MESSAGE_EXPIRED = (
    "Cette invitation a expiré : demandez au facilitateur qui vous l'a envoyée de vous "
    "inviter à nouveau."
)
MESSAGE_INVALID = (
    "Ce lien d'invitation n'est pas valide : vérifiez qu'il est complet, ou demandez une "
    "nouvelle invitation au facilitateur."
)
MESSAGE_OTHER_ACCOUNT = (
    "Cette invitation est adressée à une autre adresse électronique que celle de votre "
    "compte : déconnectez-vous, puis suivez à nouveau le lien."
)


@dataclass(frozen=True)
class Invitation:
    company: Organisation
    email: str


def max_age() -> int:
    return settings.COMPANY_INVITATION_DAYS * 24 * 3600


def make_token(company: Organisation, email: str) -> str:
    return signing.TimestampSigner(salt=SALT).sign_object({"o": company.pk, "e": email})


def read_token(token: str) -> Invitation:
    """The invitation the link holds; ValidationError (in French) if it expired or was
    tampered with."""
    signer = signing.TimestampSigner(salt=SALT)
    try:
        data = signer.unsign_object(token, max_age=max_age())
    except signing.SignatureExpired:
        raise ValidationError(MESSAGE_EXPIRED, code="expired") from None
    except signing.BadSignature:
        raise ValidationError(MESSAGE_INVALID, code="invalid") from None
    company = Organisation.objects.filter(pk=data.get("o")).first()
    if company is None or not data.get("e"):
        raise ValidationError(MESSAGE_INVALID, code="invalid")
    return Invitation(company, data["e"])


def invite_referent(actor, company: Organisation, *, email: str) -> str:
    """Send the invitation; returns the link (absolute)."""
    if not may_manage_companies(actor):
        raise PermissionDenied(MESSAGE_NOT_INVITING)
    ensure(actor, Action.VIEW, company, MESSAGE_NOT_INVITING)
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": MESSAGE_EMAIL}) from None
    link = base_url() + reverse("clauses:company_invitation", args=[make_token(company, email)])
    days = settings.COMPANY_INVITATION_DAYS
    send_mail(
        subject=f"Invitation à l'espace entreprise du portail des clauses sociales — {company}",
        message=(
            f"Bonjour,\n\n{actor.get_full_name() or actor.get_username()} vous invite à "
            f"suivre les clauses sociales de {company.name} sur le portail : vous y verrez "
            "les lots de l'entreprise qui portent une clause, leurs obligations et leur "
            "avancement, et vous déclarerez chaque mois les heures des personnes que "
            f"l'entreprise emploie.\n\nChoisissez votre mot de passe ici (lien valable "
            f"{days} jours) :\n{link}\n\nSi vous n'attendiez pas cette invitation, "
            "ignorez ce message."
        ),
        from_email=None, recipient_list=[email],
    )
    return link


def account_for(email: str):
    """The active account with this address, whatever its case, or None."""
    return (get_user_model()._default_manager.annotate(email_lower=Lower("email"))
            .filter(email_lower=email.lower(), is_active=True).first())


@transaction.atomic
def accept(invitation: Invitation, *, user=None, password: str = ""):
    """Make the invited person a referent of the company: `user` when signed in (it must
    be the invited address), else a new account with `password`. Returns the account."""
    if user is not None and user.is_authenticated:
        if (user.email or "").lower() != invitation.email.lower():
            raise PermissionDenied(MESSAGE_OTHER_ACCOUNT)
        account = user
    else:
        account = get_user_model()._default_manager.create_user(
            username=invitation.email[:150], email=invitation.email, password=password,
        )
    roles.make_company_referent(account, invitation.company)
    if not roles.profile_of(account).organisation_id:
        roles.set_organisation(account, invitation.company)
    return account
