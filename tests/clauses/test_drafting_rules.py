"""The drafting rules on worked cases: the legal basis suggested for a lot, the
placeholders filled from a market, what changed between versions, and the DCE review
that opens the publication. Plain functions: no database."""

import datetime
from decimal import Decimal

import pytest

from clauses import calculator
from clauses.enums import DceVerdict
from clauses.rules import dce
from clauses.rules import drafting as rules
from portal.core import documents
from portal.core.vocabulary import LegalBasis as B
from portal.core.vocabulary import MarketCategory as C

SIAE_NEARBY = rules.Supply(siae_holders=2, siae_providers=1, geiq=1)


def test_a_cleaning_lot_under_150_hours_gets_no_clause_advised():
    # 120 000 € over 12 months, 300 h a month of staff taken over, 10 %: P = 0.25.
    result = calculator.cleaning_hours(Decimal(120000), Decimal(12), Decimal(300),
                                       Decimal("0.1"))
    assert result.hours == 120

    suggestion = rules.suggest(rules.LotFacts(
        category=C.SERVICES, amount=Decimal(120000), hours=result.hours, supply=SIAE_NEARBY,
    ))

    assert not suggestion.advised
    assert suggestion.label == "Pas de clause conseillée"
    assert "Moins de 150 heures d'insertion (120 h)" in suggestion.reasons[0]


def test_a_works_lot_with_siae_in_the_territory_is_suggested_as_a_reserved_lot():
    result = calculator.standard_hours(Decimal(300000), Decimal("0.5"), Decimal("0.05"),
                                       Decimal(30))

    suggestion = rules.suggest(rules.LotFacts(
        category=C.WORKS, amount=Decimal(300000), hours=result.hours, supply=SIAE_NEARBY,
    ))

    assert suggestion.legal_basis == B.RESERVED_SIAE
    assert "2 SIAE pouvant être titulaire" in suggestion.reasons[0]
    assert "250 heures d'insertion calculées pour ce lot." in suggestion.reasons


def test_a_works_lot_too_large_for_a_reservation_gets_an_execution_condition():
    suggestion = rules.suggest(rules.LotFacts(
        category=C.WORKS, amount=Decimal(1200000), hours=1000, supply=SIAE_NEARBY,
    ))

    assert suggestion.legal_basis == B.EXECUTION_CONDITION
    assert any("trop important pour être réservé" in r for r in suggestion.reasons)


def test_without_siae_a_works_lot_gets_an_execution_condition():
    suggestion = rules.suggest(rules.LotFacts(
        category=C.WORKS, amount=Decimal(300000), hours=250, supply=rules.Supply(),
    ))

    assert suggestion.legal_basis == B.EXECUTION_CONDITION


@pytest.mark.parametrize(("ea_esat", "expected"), [
    (1, B.RESERVED_EA_ESAT),
    (0, B.AWARD_CRITERION),
])
def test_supplies_go_to_ea_esat_when_some_are_nearby_else_to_an_award_criterion(
    ea_esat, expected
):
    suggestion = rules.suggest(rules.LotFacts(
        category=C.SUPPLIES, amount=Decimal(200000), hours=None,
        supply=rules.Supply(ea_esat=ea_esat),
    ))

    assert suggestion.legal_basis == expected
    assert any("pas encore calculées" in r for r in suggestion.reasons)


def test_the_buyer_s_habit_wins_when_it_is_admissible():
    facts = rules.LotFacts(
        category=C.WORKS, amount=Decimal(300000), hours=250, supply=SIAE_NEARBY,
        buyer_history={B.EXECUTION_CONDITION: 4, B.AWARD_CRITERION: 1},
    )

    suggestion = rules.suggest(facts)

    assert suggestion.legal_basis == B.EXECUTION_CONDITION
    assert "pour 4 de ses clauses précédentes" in suggestion.reasons[-1]


@pytest.mark.parametrize("history", [
    {B.EXECUTION_CONDITION: 1},  # one clause is no habit
    {B.EXECUTION_CONDITION: 2, B.AWARD_CRITERION: 2},  # no clear favourite
    {B.RESERVED_EA_ESAT: 5},  # not admissible for a works lot
])
def test_no_habit_leaves_the_default_order(history):
    suggestion = rules.suggest(rules.LotFacts(
        category=C.WORKS, amount=Decimal(300000), hours=250, supply=SIAE_NEARBY,
        buyer_history=history,
    ))

    assert suggestion.legal_basis == B.RESERVED_SIAE


def test_an_insertion_and_qualification_market_only_for_a_buyer_who_used_one():
    without = rules.candidates(rules.LotFacts(C.SERVICES, Decimal(100000), 400))
    used = rules.suggest(rules.LotFacts(C.SERVICES, Decimal(100000), 400,
                                        buyer_history={B.INSERTION_QUALIFICATION: 3}))

    assert B.INSERTION_QUALIFICATION not in [basis for basis, _ in without]
    assert used.legal_basis == B.INSERTION_QUALIFICATION


@pytest.mark.parametrize(("suggested", "chosen", "reason", "expected"), [
    (B.RESERVED_SIAE, B.RESERVED_SIAE, "", {}),
    (B.RESERVED_SIAE, B.EXECUTION_CONDITION, "Acheteur réticent", {}),
    (B.RESERVED_SIAE, B.EXECUTION_CONDITION, "  ", {"reason": rules.MESSAGE_REASON_REQUIRED}),
    ("", "", "", {}),
    (B.RESERVED_SIAE, "inconnu", "x", {"legal_basis": rules.MESSAGE_UNKNOWN_BASIS}),
])
def test_a_choice_other_than_the_suggestion_needs_its_reason(suggested, chosen, reason,
                                                             expected):
    assert rules.decision_error(suggested, chosen, reason) == expected


TEMPLATE = (
    "Pour le lot n° [numéro du lot] du marché [Intitulé du marché] passé par "
    "[nom de l'acheteur], le volume est de [Nombre d’heures] heures, "
    "du [date de début] au [date de fin].\n"
    "Contact : [nom de la structure — PLIE ou Maison de l'emploi], [nom du facilitateur], "
    "[téléphone], [adresse électronique]. Justificatifs chaque [périodicité]."
)
VALUES = {
    "hours": "833", "buyer": "Ville de Dijon", "market_title": "Groupe scolaire",
    "lot_number": "2", "starts_on": "01/09/2026", "ends_on": "31/08/2027",
    "structure": "MDEF du Bassin dijonnais", "facilitator": "Camille Facilitatrice",
    "facilitator_phone": "", "facilitator_email": "camille@exemple.fr",
}


def test_placeholders_are_filled_from_the_market_and_the_leftovers_listed():
    text = documents.fill(TEMPLATE, rules.value_of(VALUES))

    assert "le volume est de 833 heures" in text
    assert "passé par Ville de Dijon" in text
    assert "lot n° 2 du marché Groupe scolaire" in text
    assert "du 01/09/2026 au 31/08/2027" in text
    assert "MDEF du Bassin dijonnais, Camille Facilitatrice" in text
    # No phone known, and a periodicity the market does not say: left, to highlight.
    assert documents.placeholders(text) == ["[téléphone]", "[périodicité]"]


def test_describe_changes_says_what_changed_lot_by_lot():
    first = {"7": {"number": 1, "template_id": 3, "template_title": "Condition d'exécution",
                   "legal_basis": B.EXECUTION_CONDITION, "text": "A"}}
    second = {
        "7": {**first["7"], "text": "B"},
        "8": {"number": 2, "template_id": 4, "template_title": "Lot réservé",
              "legal_basis": B.RESERVED_SIAE, "text": "C"},
    }

    assert rules.describe_changes({}, first) == [
        "Lot 1 : article rédigé à partir du modèle « Condition d'exécution »."
    ]
    assert rules.describe_changes(first, second) == [
        "Lot 1 : texte de l'article modifié.",
        "Lot 2 : article rédigé à partir du modèle « Lot réservé ».",
    ]


T0 = datetime.datetime(2026, 3, 1, 10, tzinfo=datetime.UTC)
T1 = T0 + datetime.timedelta(days=2)


@pytest.mark.parametrize(("state", "expected"), [
    (dce.DceState(), dce.MESSAGE_NO_DCE),
    (dce.DceState(documents=1, last_upload_at=T0), dce.MESSAGE_NOT_REVIEWED),
    (dce.DceState(1, T0, DceVerdict.TO_CORRECT, T1), dce.MESSAGE_TO_CORRECT),
    (dce.DceState(1, T1, DceVerdict.CONFORMING, T0), dce.MESSAGE_NEW_VERSION),
    (dce.DceState(1, T0, DceVerdict.CONFORMING, T1), None),
])
def test_publication_waits_for_a_conforming_review_of_the_last_version(state, expected):
    assert dce.publication_error(state) == expected


def test_an_override_is_a_coordinator_s_with_its_reason():
    assert dce.override_error(False, "Urgence") == dce.MESSAGE_OVERRIDE_NOT_ALLOWED
    assert dce.override_error(True, " ") == dce.MESSAGE_OVERRIDE_REASON
    assert dce.override_error(True, "Consultation urgente") is None


def test_a_review_to_correct_says_what():
    assert dce.review_errors(DceVerdict.TO_CORRECT, 1, "", {5: " "}) == {
        "comment": dce.MESSAGE_COMMENT_REQUIRED}
    assert dce.review_errors(DceVerdict.TO_CORRECT, 1, "", {5: "Article 4 à revoir"}) == {}
    assert dce.review_errors(DceVerdict.CONFORMING, 1, "", {}) == {}
    assert dce.review_errors(DceVerdict.CONFORMING, 0, "", {}) == {
        "__all__": dce.MESSAGE_NOTHING_TO_REVIEW}
