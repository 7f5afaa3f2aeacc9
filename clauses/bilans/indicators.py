"""The seven indicators of the yearly bilan (Bourgogne convention, art. 3), in SQL.

Each indicator is one or two aggregate queries; Python only reads the handful of result
rows and lays them out with French labels. Definitions, for a scope and a period:

- a market counts when it has a clause and was in execution during the period (its
  execution dates meet the period) or had hours declared in it;
- hours are those of the monthly declarations of the period *credited* to the scope's
  clauses (globalised hours count where the agreement puts them);
- a person employed is a beneficiary with hours in the period, counted once however
  many placements or markets (COUNT DISTINCT);
- their typology is read at their first placement with hours in the period (age band
  computed from the birth date at that placement's start);
- outcomes are those of the placements that ended during the period.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth, ExtractYear

from clauses.bilans.enums import AgeBand
from clauses.bilans.scopes import Scope
from clauses.enums import (
    ContractType,
    DiplomaLevel,
    EligibilityCriterion,
    MarketStatus,
    Modality,
    OutcomeCategory,
    OutcomeMoment,
    Sex,
)
from clauses.models import BeneficiaryCriterion, Clause, HoursDeclaration, Market, Placement
from network.enums import DecpConsideration, LegalBasis

INDICATORS = (
    "marches_avec_clause",
    "typologie_clauses",
    "heures_realisees",
    "personnes",
    "typologie_beneficiaires",
    "modalites",
    "situations",
)
INDICATOR_LABELS = {
    "marches_avec_clause": "Nombre de marchés avec clause sociale",
    "typologie_clauses": "Typologie des clauses sociales mises en œuvre",
    "heures_realisees": "Nombre d'heures réalisées",
    "personnes": "Nombre de personnes mises à l'emploi",
    "typologie_beneficiaires": "Typologie des bénéficiaires",
    "modalites": "Modalités d'application de la clause",
    "situations": "Situation des personnes ayant bénéficié de la clause",
}

HOURS = DecimalField(max_digits=14, decimal_places=2)
ZERO = Decimal("0.00")
CENT = Decimal("0.01")
UNKNOWN = "non_renseigne"
UNKNOWN_LABEL = "Non renseigné"
EXECUTED = (MarketStatus.IN_EXECUTION, MarketStatus.COMPLETED)
# Ages compare as YYYYMMDD integers: someone born on 2000-03-15 is 26 from 2026-03-15 on,
# i.e. when start − birth ≥ 260000. Plain EXTRACT arithmetic, the same on SQLite and
# PostgreSQL.
AGE_26 = 26 * 10000
AGE_50 = 50 * 10000


def round_hours(value) -> Decimal:
    return (value or ZERO).quantize(CENT, rounding=ROUND_HALF_UP)


def declared_hours(prefix: str = "") -> ExpressionWrapper:
    return ExpressionWrapper(
        F(f"{prefix}hours_worked") + F(f"{prefix}training_hours"), output_field=HOURS
    )


def sum_hours(expression, **kwargs) -> Coalesce:
    return Coalesce(Sum(expression, output_field=HOURS, **kwargs), Value(ZERO),
                    output_field=HOURS)


def _ymd(expression):
    return ExtractYear(expression) * 10000 + ExtractMonth(expression) * 100 + ExtractDay(
        expression
    )


# --- Base querysets -------------------------------------------------------------------


def active_markets(scope: Scope) -> QuerySet:
    """Markets with a clause, in execution during the period or with hours declared in it."""
    period = scope.period
    executed = Q(status__in=EXECUTED, execution_starts_on__isnull=False)
    if period.end:
        executed &= Q(execution_starts_on__lte=period.end)
    if period.start:
        executed &= Q(execution_ends_on__gte=period.start) | Q(
            execution_ends_on__isnull=True, status=MarketStatus.IN_EXECUTION
        )
    declared = Exists(
        HoursDeclaration.objects.filter(credited_clause__market=OuterRef("pk")).filter(
            period.months_q()
        )
    )
    return (
        Market.objects.filter(scope.markets_q())
        .filter(Exists(Clause.objects.filter(market=OuterRef("pk"))))
        .filter(executed | declared)
    )


def scope_declarations(scope: Scope) -> QuerySet:
    """Declarations credited to the scope's clauses, any month."""
    return HoursDeclaration.objects.filter(scope.markets_q("credited_clause__market"))


def period_declarations(scope: Scope) -> QuerySet:
    return scope_declarations(scope).filter(scope.period.months_q())


def _rows(choices, counts: dict, measure: str, unknown: bool = False) -> list[dict]:
    rows = [
        {"code": value, "libelle": str(label), measure: counts.get(value, 0)}
        for value, label in choices
    ]
    if unknown:
        rows.append({"code": UNKNOWN, "libelle": UNKNOWN_LABEL, measure: counts.get(UNKNOWN, 0)})
    return rows


# --- 1 and 2: markets and clauses -----------------------------------------------------


def markets_and_clauses(scope: Scope) -> tuple[dict, dict]:
    markets = active_markets(scope)
    decp_values = [value for value, _ in DecpConsideration.choices]
    aggregates = {
        "total": Count("pk"),
        "termines": Count(
            "pk", filter=Q(status=MarketStatus.COMPLETED) & scope.period.within_q(
                "execution_ends_on"
            )
        ),
        **{f"decp{i}": Count("pk", filter=Q(decp_consideration=value))
           for i, value in enumerate(decp_values)},
        "decp_unknown": Count("pk", filter=Q(decp_consideration="")),
    }
    counted = markets.aggregate(**aggregates)
    clause_rows = (
        Clause.objects.filter(market__in=markets.values("pk"))
        .order_by().values("legal_basis")
        .annotate(clauses=Count("pk"), required=sum_hours("required_hours"))
    )
    by_basis = {row["legal_basis"]: row for row in clause_rows}
    decp_counts = {value: counted[f"decp{i}"] for i, value in enumerate(decp_values)}
    decp_counts[UNKNOWN] = counted["decp_unknown"]
    market_figures = {
        "total": counted["total"],
        "en_execution": counted["total"] - counted["termines"],
        "termines": counted["termines"],
    }
    typology = {
        "par_fondement_juridique": [
            {
                "code": value,
                "libelle": str(label),
                "clauses": by_basis.get(value, {}).get("clauses", 0),
                "heures_exigees": round_hours(by_basis.get(value, {}).get("required")),
            }
            for value, label in LegalBasis.choices
        ],
        "par_consideration_sociale": [
            {**row, "libelle": row["libelle"] if row["code"] != UNKNOWN else "Non renseignée"}
            for row in _rows(DecpConsideration.choices, decp_counts, "marches", unknown=True)
        ],
    }
    return market_figures, typology


# --- 3 and 4: hours and people --------------------------------------------------------


def hours_and_people(scope: Scope, required: Decimal, markets: QuerySet) -> tuple[dict, dict]:
    period = scope.period
    declarations = scope_declarations(scope)
    if period.end:
        declarations = declarations.filter(month__lte=period.end)
    in_period = period.months_q()
    figures = declarations.aggregate(
        worked=sum_hours("hours_worked", filter=in_period),
        training=sum_hours("training_hours", filter=in_period),
        people=Count("placement__beneficiary", distinct=True, filter=in_period),
        placements=Count("placement", distinct=True, filter=in_period),
        cumulated=sum_hours(
            declared_hours(), filter=Q(credited_clause__market__in=markets.values("pk"))
        ),
    )
    worked, training = round_hours(figures["worked"]), round_hours(figures["training"])
    cumulated = round_hours(figures["cumulated"])
    rate = (
        (cumulated * 100 / required).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        if required else None
    )
    hours = {
        "travaillees": worked,
        "formation": training,
        "total": worked + training,
        "exigees": round_hours(required),
        "realisees_cumulees": cumulated,
        "taux_realisation": rate,
    }
    people = {"total": figures["people"], "placements": figures["placements"]}
    return hours, people


# --- 5: who the people are ------------------------------------------------------------


def beneficiary_typology(scope: Scope) -> dict:
    declarations = period_declarations(scope)
    person = "placement__beneficiary"
    birth = f"{person}__birth_date"
    age_key = _ymd(F("first_start")) - _ymd(F(birth))
    per_person = (
        declarations.order_by()
        .values(person, f"{person}__sex", birth, f"{person}__diploma_level",
                f"{person}__qpv_resident", f"{person}__derogation")
        .annotate(first_start=Min("placement__starts_on"))
        .annotate(age_key=age_key)
        .annotate(
            age_band=Case(
                When(**{f"{birth}__isnull": True}, then=Value(AgeBand.UNKNOWN.value)),
                When(age_key__lt=AGE_26, then=Value(AgeBand.UNDER_26.value)),
                When(age_key__lt=AGE_50, then=Value(AgeBand.FROM_26_TO_49.value)),
                default=Value(AgeBand.FROM_50.value),
            )
        )
    )
    dimensions = {
        "sexe": (f"{person}__sex", [*Sex.values, ""]),
        "age": ("age_band", AgeBand.values),
        "diplome": (f"{person}__diploma_level", [*DiplomaLevel.values, ""]),
    }
    aggregates = {"derogation": Count(person, filter=Q(**{f"{person}__derogation": True})),
                  "qpv": Count(person, filter=Q(**{f"{person}__qpv_resident": True})),
                  "total": Count(person)}
    for name, (column, values) in dimensions.items():
        for i, value in enumerate(values):
            aggregates[f"{name}{i}"] = Count(person, filter=Q(**{column: value}))
    counted = per_person.aggregate(**aggregates)

    def counts(name):
        column, values = dimensions[name]
        return {value or UNKNOWN: counted[f"{name}{i}"] for i, value in enumerate(values)}

    criteria = dict(
        BeneficiaryCriterion.objects.filter(beneficiary__in=declarations.values(person))
        .order_by().values("criterion")
        .annotate(people=Count("beneficiary", distinct=True))
        .values_list("criterion", "people")
    )
    by_criterion = _rows(EligibilityCriterion.choices, criteria, "personnes")
    by_criterion.append({
        "code": "derogation", "libelle": "Dérogation (éligibilité accordée hors critères)",
        "personnes": counted["derogation"],
    })
    age_labels = [(band.value, band.label) for band in AgeBand]
    return {
        "par_critere": by_criterion,
        "par_sexe": _rows(Sex.choices, counts("sexe"), "personnes", unknown=True),
        "par_tranche_age": _rows(age_labels, counts("age"), "personnes"),
        "par_niveau_diplome": _rows(DiplomaLevel.choices, counts("diplome"), "personnes",
                                    unknown=True),
        "par_residence_qpv": [
            {"code": "qpv", "libelle": "Habite un quartier prioritaire (QPV)",
             "personnes": counted["qpv"]},
            {"code": "hors_qpv", "libelle": "N'habite pas un quartier prioritaire",
             "personnes": counted["total"] - counted["qpv"]},
        ],
    }


# --- 6: modalities --------------------------------------------------------------------


def modalities(scope: Scope) -> dict:
    declarations = period_declarations(scope).order_by()

    def grouped(column: str, choices) -> list[dict]:
        rows = {
            row["code"]: row
            for row in declarations.values(code=F(column)).annotate(
                heures=sum_hours(declared_hours()),
                personnes=Count("placement__beneficiary", distinct=True),
            )
        }
        return [
            {
                "code": value,
                "libelle": str(label),
                "heures": round_hours(rows.get(value, {}).get("heures")),
                "personnes": rows.get(value, {}).get("personnes", 0),
            }
            for value, label in choices
        ]

    return {
        "par_modalite": grouped("placement__modality", Modality.choices),
        "par_type_contrat": grouped("placement__contract_type", ContractType.choices),
    }


# --- 7: outcomes ----------------------------------------------------------------------


def outcomes(scope: Scope) -> dict:
    ended = Placement.objects.filter(scope.markets_q("clause__market")).filter(
        scope.period.within_q("ends_on")
    )
    moments = list(OutcomeMoment)
    categories = list(OutcomeCategory)
    aggregates = {"ended": Count("pk", distinct=True)}
    for i, moment in enumerate(moments):
        for j, category in enumerate(categories):
            aggregates[f"o{i}_{j}"] = Count(
                "outcomes", filter=Q(outcomes__moment=moment, outcomes__category=category)
            )
    counted = ended.aggregate(**aggregates)
    result: dict = {"placements_termines": counted["ended"]}
    keys = {OutcomeMoment.END: "a_la_fin", OutcomeMoment.SIX_MONTHS: "a_six_mois"}
    for i, moment in enumerate(moments):
        rows = [
            {"code": category.value, "libelle": category.label,
             "sorties": counted[f"o{i}_{j}"]}
            for j, category in enumerate(categories)
        ]
        known = sum(row["sorties"] for row in rows)
        rows.append({
            "code": UNKNOWN, "libelle": "Non renseignée (ou pas encore due)",
            "sorties": counted["ended"] - known,
        })
        result[keys[moment]] = rows
    return result


# --- The bilan ------------------------------------------------------------------------


def compute_bilan(scope: Scope) -> dict:
    """The seven indicators of `scope`: plain dicts and lists of numbers (Decimal hours),
    French labels, top-level keys exactly INDICATORS. Eight aggregate queries."""
    market_figures, clause_typology = markets_and_clauses(scope)
    required = sum(
        (row["heures_exigees"] for row in clause_typology["par_fondement_juridique"]), ZERO
    )
    hours, people = hours_and_people(scope, required, active_markets(scope))
    return {
        "marches_avec_clause": market_figures,
        "typologie_clauses": clause_typology,
        "heures_realisees": hours,
        "personnes": people,
        "typologie_beneficiaires": beneficiary_typology(scope),
        "modalites": modalities(scope),
        "situations": outcomes(scope),
    }
