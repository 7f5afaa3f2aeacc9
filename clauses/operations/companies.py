"""Company records: the contractors and employers of the clauses (an entreprise classique,
an SIAE, a GEIQ, an EA or an ESAT), and their contacts.

One record per SIRET (network.siret checks the number and its key; the database keeps it
unique). Facilitators and regional coordinators create and correct them, whichever
territory they work in (network.permissions.may_manage_companies), and so do the imports
(the DECP contractors, matched by SIRET). Partner organisations (PLIE, MDE, prescribers)
and buyers are not companies: they are kept in the administration, never here.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.text import slugify

from clauses.operations.common import Errors, is_system, model_errors
from network import siret as sirets
from network.enums import COMPANY_KINDS, OrganisationKind
from network.models import Contact, Organisation
from network.permissions import require_company_manager

FIELDS = ("name", "acronym", "kind", "siret", "legal_form", "naf_code", "address",
          "postal_code", "city", "commune_code", "website")
CONTACT_FIELDS = ("name", "job_title", "email", "phone")
MESSAGE_KIND = (
    "Choisissez le type de l'entreprise : entreprise classique, SIAE (EI, AI, ACI, ETTI, "
    "EITI), GEIQ, EA ou ESAT."
)
MESSAGE_NOT_A_COMPANY = (
    "Cette organisation n'est pas une entreprise (c'est un acheteur ou un partenaire du "
    "réseau) : sa fiche se modifie dans l'administration."
)
MESSAGE_SIRET_TAKEN = "Ce SIRET est déjà celui de « {name} » : une seule fiche par SIRET."
MESSAGE_SIRET_OF_PARTNER = (
    "Le SIRET {siret} est celui de « {name} » ({kind}), qui n'est pas une entreprise."
)
MESSAGE_SIRET_REQUIRED = "Indiquez le SIRET de l'entreprise (14 chiffres)."
MESSAGE_CONTACT_OF_OTHER = "Ce contact est celui d'une autre organisation."


def company_choices() -> QuerySet:
    """Every company record: what a contractor or an employer list offers."""
    return Organisation.objects.filter(kind__in=COMPANY_KINDS)


def _ensure_manager(actor) -> None:
    if actor is None:
        raise TypeError("An operation needs the acting person (or SYSTEM), not None.")
    if not is_system(actor):
        require_company_manager(actor)


def _slug(company: Organisation) -> str:
    base = (slugify(company.name)[:90].strip("-") or "entreprise") + f"-{company.siret}"
    slug, n = base, 1
    while Organisation.objects.filter(slug=slug).exclude(pk=company.pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def save_company(actor, company: Organisation | None = None, *, slug: str = "",
                 **fields) -> Organisation:
    """Create (`company` None) or correct a company record from FIELDS; ValidationError by
    field if refused. The SIRET is kept as its 14 digits. A new record's `slug` (its
    directory address) is made from its name and SIRET unless given."""
    _ensure_manager(actor)
    if company is not None and company.pk and company.kind not in COMPANY_KINDS:
        raise ValidationError(MESSAGE_NOT_A_COMPANY)
    company = company or Organisation()
    for name in FIELDS:
        if name in fields:
            value = fields[name]
            setattr(company, name, ("" if value is None else value))
    company.siret = sirets.normalise(company.siret)
    company.name = (company.name or "").strip()
    errors = Errors()
    if company.kind not in COMPANY_KINDS:
        errors.add("kind", MESSAGE_KIND)
    if not company.siret:
        errors.add("siret", MESSAGE_SIRET_REQUIRED)
    else:
        taken = Organisation.objects.filter(siret=company.siret).exclude(pk=company.pk).first()
        if taken is not None:
            errors.add("siret", MESSAGE_SIRET_TAKEN.format(name=taken.name))
    if not company.slug:
        taken = bool(slug) and Organisation.objects.filter(slug=slug).exists()
        company.slug = slug if slug and not taken else _slug(company)
    errors.extend(model_errors(company, exclude=("slug",)))
    errors.raise_if_any()
    company.save()
    return company


def find_by_siret(siret: str) -> Organisation | None:
    return Organisation.objects.filter(siret=sirets.normalise(siret)).first()


@transaction.atomic
def company_for_siret(actor, siret: str, name: str = "") -> tuple[Organisation, bool]:
    """The company of `siret`, created (as an entreprise classique named `name`) when the
    portal does not know it yet; (company, created). An import's way in: a SIRET that is a
    partner's or a buyer's is refused, never turned into a company."""
    _ensure_manager(actor)
    message = sirets.error(siret)
    if message:
        raise ValidationError({"siret": [message]})
    existing = find_by_siret(siret)
    if existing is not None:
        if existing.kind not in COMPANY_KINDS:
            raise ValidationError({"siret": [MESSAGE_SIRET_OF_PARTNER.format(
                siret=existing.siret, name=existing.name, kind=existing.get_kind_display(),
            )]})
        return existing, False
    digits = sirets.normalise(siret)
    company = save_company(
        actor, name=(name or "").strip()[:255] or f"Entreprise (SIRET {digits})",
        kind=OrganisationKind.COMPANY, siret=digits,
    )
    return company, True


@transaction.atomic
def save_contact(actor, company: Organisation, contact: Contact | None = None,
                 **fields) -> Contact:
    """A contact of the company (name, role, e-mail, phone), new or corrected."""
    _ensure_manager(actor)
    if company.kind not in COMPANY_KINDS:
        raise ValidationError(MESSAGE_NOT_A_COMPANY)
    contact = contact or Contact(organisation=company)
    if contact.organisation_id != company.pk:
        raise ValidationError(MESSAGE_CONTACT_OF_OTHER)
    for name in CONTACT_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(contact, name, ("" if value is None else str(value)).strip())
    errors = Errors()
    errors.extend(model_errors(contact, exclude=("organisation",)))
    errors.raise_if_any()
    contact.save()
    return contact


@transaction.atomic
def delete_contact(actor, contact: Contact) -> None:
    _ensure_manager(actor)
    if contact.organisation.kind not in COMPANY_KINDS:
        raise ValidationError(MESSAGE_NOT_A_COMPANY)
    contact.delete()
