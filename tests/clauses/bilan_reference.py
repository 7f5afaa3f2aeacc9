"""The bilan computed straight from the declarations, as it was before the maintained
figures: the oracle they are checked against. The indicators that do not read the
figures (markets, clauses, outcomes) are compute_bilan()'s own."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet

from clauses.bilans.enums import AgeBand
from clauses.bilans.indicators import company_of, company_rows, compute_bilan
from clauses.bilans.queries import (
    AGE_26,
    AGE_50,
    UNKNOWN,
    choice_rows,
    clauses_q,
    declared_hours,
    executed_q,
    round_hours,
    sum_hours,
    ymd,
)
from clauses.enums import ContractType, DiplomaLevel, EligibilityCriterion, Modality, Sex
from clauses.models import BeneficiaryCriterion, Clause, HoursDeclaration

BREAKDOWNS = {
    "par_modalite": ("placement__modality", Modality.choices),
    "par_type_contrat": ("placement__contract_type", ContractType.choices),
}
PERSON = "placement__beneficiary"


def period_declarations(scope):
    return HoursDeclaration.objects.counted().filter(clauses_q(scope, "credited_clause")).filter(
        scope.period.months_q()
    )


def active_clauses(scope) -> QuerySet:
    """Clauses of the markets that count: in execution during the period (execution dates
    meeting it) or with hours declared in it, read from the declarations themselves."""
    declared = Exists(HoursDeclaration.objects.counted().filter(
        credited_clause__market=OuterRef("market_id")).filter(scope.period.months_q()))
    return Clause.objects.filter(scope.markets_q("market")).filter(
        executed_q(scope.period, "market__") | declared)


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
    cumulated = HoursDeclaration.objects.counted().filter(
        credited_clause__in=active_clauses(scope).values("pk")
    )
    if scope.period.end:
        cumulated = cumulated.filter(month__lte=scope.period.end)
    result["cumulated"] = round_hours(
        cumulated.aggregate(total=sum_hours(declared_hours()))["total"]
    )
    return result


def typology(years: QuerySet, person: str, start: str) -> dict:
    """Who the people of `years` are (rows reaching each person through `person`, and
    the start of their placement through `start`), each read at their first placement."""
    # Grouped by the person's id alone (a hash on one integer): what is read of the
    # person is the same on each of their rows, so MIN gives it, and a count of rows
    # says a yes/no.
    per_person = (
        years.order_by()
        .values(person)
        .annotate(
            first_start=Min(start), p_birth=Min(f"{person}__birth_date"),
            p_sex=Min(f"{person}__sex"), p_diploma=Min(f"{person}__diploma_level"),
            p_qpv=Count(person, filter=Q(**{f"{person}__qpv_resident": True})),
            p_derogation=Count(person, filter=Q(**{f"{person}__derogation": True})),
        )
        # Computed once per person; the bands compare it outside.
        .annotate(age_key=ymd(F("first_start")) - ymd(F("p_birth")))
    )
    age_bands = {
        AgeBand.UNKNOWN.value: Q(p_birth__isnull=True),
        AgeBand.UNDER_26.value: Q(age_key__lt=AGE_26),
        AgeBand.FROM_26_TO_49.value: Q(age_key__gte=AGE_26, age_key__lt=AGE_50),
        AgeBand.FROM_50.value: Q(age_key__gte=AGE_50),
    }
    dimensions = {
        "sexe": ("p_sex", [*Sex.values, ""]),
        "age": ("age_band", AgeBand.values),
        "diplome": ("p_diploma", [*DiplomaLevel.values, ""]),
    }
    aggregates = {"derogation": Count(person, filter=Q(p_derogation__gt=0)),
                  "qpv": Count(person, filter=Q(p_qpv__gt=0)),
                  "total": Count(person)}
    for name, (column, values) in dimensions.items():
        for i, value in enumerate(values):
            only = age_bands[value] if name == "age" else Q(**{column: value})
            aggregates[f"{name}{i}"] = Count(person, filter=only)
    counted = per_person.aggregate(**aggregates)

    def counts(name):
        column, values = dimensions[name]
        return {value or UNKNOWN: counted[f"{name}{i}"] for i, value in enumerate(values)}

    criteria = dict(
        BeneficiaryCriterion.objects.filter(beneficiary__in=years.values(person))
        .order_by().values("criterion")
        # One row per person and criterion (a unique constraint): no DISTINCT to sort.
        .annotate(people=Count("pk"))
        .values_list("criterion", "people")
    )
    by_criterion = choice_rows(EligibilityCriterion.choices, criteria, "personnes")
    by_criterion.append({
        "code": "derogation", "libelle": "Dérogation (éligibilité accordée hors critères)",
        "personnes": counted["derogation"],
    })
    age_labels = [(band.value, band.label) for band in AgeBand]
    return {
        "par_critere": by_criterion,
        "par_sexe": choice_rows(Sex.choices, counts("sexe"), "personnes", unknown=True),
        "par_tranche_age": choice_rows(age_labels, counts("age"), "personnes"),
        "par_niveau_diplome": choice_rows(DiplomaLevel.choices, counts("diplome"), "personnes",
                                    unknown=True),
        "par_residence_qpv": [
            {"code": "qpv", "libelle": "Habite un quartier prioritaire (QPV)",
             "personnes": counted["qpv"]},
            {"code": "hors_qpv", "libelle": "N'habite pas un quartier prioritaire",
             "personnes": counted["total"] - counted["qpv"]},
        ],
    }


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
