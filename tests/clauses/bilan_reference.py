"""The bilan computed straight from the declarations, as it was before the maintained
figures: the oracle they are checked against. The indicators that do not read the
figures (markets, clauses, outcomes) are compute_bilan()'s own."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from clauses.bilans.indicators import company_of, company_rows, compute_bilan, typology
from clauses.bilans.queries import active_clauses, clauses_q, declared_hours, round_hours, sum_hours
from clauses.enums import ContractType, Modality
from clauses.models import HoursDeclaration

BREAKDOWNS = {
    "par_modalite": ("placement__modality", Modality.choices),
    "par_type_contrat": ("placement__contract_type", ContractType.choices),
}
PERSON = "placement__beneficiary"


def period_declarations(scope):
    return HoursDeclaration.objects.filter(clauses_q(scope, "credited_clause")).filter(
        scope.period.months_q()
    )


def _figures(scope) -> dict:
    aggregates = {
        "worked": sum_hours("hours_worked"), "training": sum_hours("training_hours"),
        "people": Count(PERSON, distinct=True), "placements": Count("placement", distinct=True),
    }
    for name, (column, choices) in BREAKDOWNS.items():
        for i, (value, _) in enumerate(choices):
            only = Q(**{column: value})
            aggregates[f"{name}_h{i}"] = sum_hours(declared_hours(), filter=only)
            aggregates[f"{name}_p{i}"] = Count(PERSON, distinct=True, filter=only)
    result = period_declarations(scope).aggregate(**aggregates)
    cumulated = HoursDeclaration.objects.filter(
        credited_clause__in=active_clauses(scope).values("pk")
    )
    if scope.period.end:
        cumulated = cumulated.filter(month__lte=scope.period.end)
    result["cumulated"] = round_hours(
        cumulated.aggregate(total=sum_hours(declared_hours()))["total"]
    )
    return result


def bilan_from_declarations(scope) -> dict:
    """compute_bilan(scope), its hours, people, modalities and typology read from the
    declarations instead of the maintained figures."""
    bilan = compute_bilan(scope)
    result = _figures(scope)
    hours = bilan["heures_realisees"]
    worked, training = round_hours(result["worked"]), round_hours(result["training"])
    required, cumulated = hours["exigees"], result["cumulated"]
    hours.update({
        "travaillees": worked, "formation": training, "total": worked + training,
        "realisees_cumulees": cumulated,
        "taux_realisation": (
            (cumulated * 100 / required).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            if required else None
        ),
    })
    bilan["personnes"] = {"total": result["people"], "placements": result["placements"]}
    for name, (_, choices) in BREAKDOWNS.items():
        bilan["modalites"][name] = [
            {"code": value, "libelle": str(label),
             "heures": round_hours(result[f"{name}_h{i}"]), "personnes": result[f"{name}_p{i}"]}
            for i, (value, label) in enumerate(choices)
        ]
    bilan["typologie_beneficiaires"] = typology(
        period_declarations(scope), PERSON, "placement__starts_on"
    )
    hours["par_entreprise"] = company_rows(
        period_declarations(scope).order_by()
        .values(company=company_of(), name=company_of(field="name"),
                siret=company_of(field="siret"))
        .annotate(heures=sum_hours(declared_hours()))
    )
    return bilan
