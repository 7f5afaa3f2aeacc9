"""GET /api/v1/calculateur/heures: the insertion-hours calculator, public."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from clauses import calculator
from clauses.enums import HoursFormula

router = Router(tags=["Calculateur"])


def _plain(value: Decimal) -> str:
    """Machine writing of a decimal, without exponent: "1000000", "0.05"."""
    return f"{value.normalize():f}"


class HoursQuery(Schema):
    # Every parameter is an optional string on purpose: ninja's own validation would
    # answer in English with its own layout; clauses.calculator checks them instead
    # and answers in French, per field, as the page does.
    formule: str | None = Field(
        None,
        description="« standard » (par défaut) ou « proprete » (reprise du personnel).",
        examples=["standard"],
    )
    montant: str | None = Field(
        None, description="Montant du marché en euros HT.", examples=["1000000"]
    )
    part_main_oeuvre: str | None = Field(
        None,
        description=(
            "Part de la main-d'œuvre (formule standard) : « 50 % », « 50 » ou « 0.5 » ; "
            "un nombre suivi de % ou supérieur à 1 est un pourcentage."
        ),
        examples=["0.5"],
    )
    taux: str | None = Field(
        None,
        description=(
            "Taux d'insertion : « 5 % », « 5 » ou « 0.05 » ; un nombre suivi de % ou "
            "supérieur à 1 est un pourcentage."
        ),
        examples=["0.05"],
    )
    cout_horaire: str | None = Field(
        None,
        description="Coût horaire chargé en euros (25 par défaut pour la formule propreté).",
        examples=["30"],
    )
    mois: str | None = Field(
        None, description="Durée du marché en mois (formule propreté).", examples=["24"]
    )
    heures_reprises_mensuelles: str | None = Field(
        None,
        description="Heures mensuelles du personnel repris (formule propreté).",
        examples=["400"],
    )


class HoursOut(Schema):
    formule: HoursFormula
    heures: int = Field(
        description="Heures d'insertion, arrondies à l'heure (demi-heure vers le haut)."
    )
    heures_exactes: str = Field(description="Valeur avant arrondi, au centième (tronquée).")
    ponderation: str | None = Field(
        description="Pondération P de la formule propreté, au dix-millième ; null sinon."
    )
    avertissements: list[str]
    detail_calcul: list[str] = Field(description="Le calcul posé, en français.")
    regle_arrondi: str
    parametres: dict[str, str] = Field(description="Les valeurs retenues, défauts compris.")


class ErrorsOut(Schema):
    erreurs: dict[str, list[str]] = Field(
        description="Messages d'erreur en français, par paramètre.",
        examples=[{"taux": ["Le taux doit être compris entre 0 % (exclu) et 100 % : écrivez "
                            "par exemple 5 %, 5 ou 0,05."]}],
    )


@router.get(
    "/heures",
    response={200: HoursOut, 422: ErrorsOut},
    url_name="calculateur_heures",
    summary="Calculer les heures d'insertion d'un marché",
    description=(
        "Formule standard : montant HT × part de main-d'œuvre × taux ÷ coût horaire. "
        "Formule propreté avec reprise du personnel : P = 1 − (S × C) ÷ (A ÷ N), "
        "heures = P × A ÷ C × T ; moins de 150 h : clause non conseillée ; P ≤ 0 : "
        "le personnel repris couvre déjà l'obligation. Les nombres acceptent la virgule "
        f"décimale. {calculator.ROUNDING_RULE}"
    ),
)
def hours(request: HttpRequest, query: Query[HoursQuery]):
    try:
        result = calculator.calculate(query.model_dump())
    except ValidationError as error:
        return Status(422, {"erreurs": error.message_dict})
    return Status(200, {
        "formule": result.formula,
        "heures": result.hours,
        "heures_exactes": f"{result.exact_hours_cents:f}",
        "ponderation": (
            None if result.weighting is None else f"{result.weighting_display:f}"
        ),
        "avertissements": list(result.warnings),
        "detail_calcul": list(calculator.explain(result)),
        "regle_arrondi": calculator.ROUNDING_RULE,
        "parametres": {name: _plain(value) for name, value in result.inputs.items()},
    })
