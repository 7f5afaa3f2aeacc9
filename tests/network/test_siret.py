"""SIRET numbers: 14 digits whose last one is the Luhn key (La Poste's establishments
apart), the SIREN being the first nine; one organisation per SIRET."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from network import siret
from network.enums import OrganisationKind
from tests.network.factories import OrganisationFactory

VALID = "00005678900019"


@pytest.mark.parametrize("value", [VALID, "000 056 789 00019", "0000-5678-9000-19",
                                   "35600000000048", "35600000000100"])
def test_valid_sirets(value):
    assert siret.error(value) is None
    assert siret.is_valid(value)


@pytest.mark.parametrize("value, message", [
    ("00005678900018", "clé de contrôle"),
    ("0000567890001", "14 chiffres (13 saisis)"),
    ("000056789000190", "14 chiffres (15 saisis)"),
    ("", "14 chiffres (0 saisis)"),
    ("0000567890001A", "que des chiffres"),
    ("35600000000101", "clé de contrôle"),  # La Poste: neither Luhn nor a multiple of 5
])
def test_invalid_sirets_say_why(value, message):
    assert message in siret.error(value)
    with pytest.raises(ValidationError):
        siret.validate_siret(value)


def test_the_siren_is_the_first_nine_digits():
    assert siret.siren("000 056 789 00019") == "000056789"
    assert siret.siren("00005678900018") == ""


@pytest.mark.django_db
def test_the_model_refuses_an_invalid_siret_and_shows_the_siren():
    company = OrganisationFactory.build(kind=OrganisationKind.COMPANY, siret="00005678900018")
    with pytest.raises(ValidationError) as refused:
        company.full_clean()
    assert "clé de contrôle" in str(refused.value.message_dict["siret"])
    company.siret = VALID
    assert company.siren == "000056789"


@pytest.mark.django_db
def test_one_organisation_per_siret():
    OrganisationFactory(kind=OrganisationKind.COMPANY, siret=VALID)
    OrganisationFactory(siret="")
    OrganisationFactory(siret="")  # several without a SIRET are fine
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(kind=OrganisationKind.COMPANY, siret=VALID)
