"""SIRET numbers: what a valid one looks like, and the SIREN it starts with.

A SIRET is the 9 digits of the company's SIREN followed by the 5 digits of the
establishment (NIC); its last digit makes the Luhn sum of all 14 a multiple of 10. La
Poste's establishments are the one exception INSEE publishes: under the SIREN 356 000
000 there are more establishments than the Luhn key allows, so those beyond it only need
the sum of their 14 digits to be a multiple of 5 (its head office, 356 000 000 00048,
keeps a Luhn key).

Pure functions: the model's validator, the forms, the operations and the imports all
call these, so that one number is judged the same way whichever way it comes in.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

LENGTH = 14
LA_POSTE_SIREN = "356000000"
_SEPARATORS = re.compile(r"[\s\u00a0\u202f.\-]+")

MESSAGE_LENGTH = "Un SIRET s'écrit avec 14 chiffres ({count} saisis)."
MESSAGE_DIGITS = "Un SIRET ne contient que des chiffres."
MESSAGE_KEY = (
    "Ce SIRET n'est pas valide : son dernier chiffre (clé de contrôle) ne correspond pas "
    "aux autres. Vérifiez-le sur l'avis de situation Sirene de l'entreprise."
)


def normalise(value: object) -> str:
    """The digits as people type them, spaces, dots and dashes left out."""
    return _SEPARATORS.sub("", "" if value is None else str(value)).strip()


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def error(value: object) -> str | None:
    """Why `value` is not a valid SIRET (French), or None when it is."""
    siret = normalise(value)
    if not siret.isdigit():
        return MESSAGE_DIGITS if siret else MESSAGE_LENGTH.format(count=0)
    if len(siret) != LENGTH:
        return MESSAGE_LENGTH.format(count=len(siret))
    if luhn_valid(siret):
        return None
    if siret.startswith(LA_POSTE_SIREN) and sum(map(int, siret)) % 5 == 0:
        return None
    return MESSAGE_KEY


def is_valid(value: object) -> bool:
    return error(value) is None


def siren(value: object) -> str:
    """The SIREN (first 9 digits) of a valid SIRET, empty otherwise."""
    siret = normalise(value)
    return siret[:9] if is_valid(siret) else ""


def validate_siret(value: object) -> None:
    """Django validator (the model field's): raises the French message of `error`."""
    message = error(value)
    if message:
        raise ValidationError(message, code="invalid_siret")
