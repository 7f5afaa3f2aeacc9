"""Statistical secrecy of the bilans: a breakdown of a handful of people is personal data.

MIN_PEOPLE is the threshold of every figure the portal publishes (the public key
figures hide a territory's year below it). In a bilan, a breakdown of people — who they
are (criteria, RQTH, sex, age band, diploma, QPV), how they were employed (modality,
contract) and what became of them (outcomes) — over fewer than MIN_PEOPLE people
singles them out: the bilan of a market with one person would tell its buyer that
person's eligibility criteria.

Such a breakdown is shown only to whoever may see the personal data of every
beneficiary it counts (network.permissions, Action.VIEW_PERSONAL_DATA), and showing it
is written to the personal-data log. Everybody else reads the counts and the hours, and
SECRET in place of each breakdown: ``"par_critere": {"secret_statistique": true}``.
Breakdowns of markets and clauses (typology of the clauses) are not about people and
stay. With nobody counted there is nothing to protect: an empty breakdown stays too.

Every reader of a bilan goes through `bilan_for`; no query is added to a bilan of
MIN_PEOPLE people or more.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from clauses import audit
from clauses.bilans.indicators import compute_bilan
from clauses.bilans.queries import ended_placements, period_people
from clauses.bilans.scopes import Scope
from clauses.enums import AuditAction
from clauses.models import Beneficiary
from network import permissions

MIN_PEOPLE = 5
SECRECY_MARK = "secret_statistique"
SECRET = {SECRECY_MARK: True}
SECRET_LABEL = f"Secret statistique : moins de {MIN_PEOPLE} personnes"


@dataclass(frozen=True)
class Population:
    """The people one set of breakdowns counts, and where the bilan gives their number."""

    count: tuple[str, str]
    breakdowns: dict[str, tuple[str, ...] | None]  # indicator: its tables (None: all)
    fields: tuple[str, ...]  # what the breakdowns tell of each person, for the log

    def size(self, bilan: dict) -> int:
        indicator, key = self.count
        return bilan[indicator][key]

    def rows(self, scope: Scope) -> tuple[QuerySet, str]:
        """The rows that count these people, and the path from them to the beneficiary."""
        if self.count == ("personnes", "total"):
            return period_people(scope), "beneficiary"
        return ended_placements(scope), "beneficiary"

    def includes(self, scope: Scope) -> Exists:
        """Whether the beneficiary of the outer query is one of these people."""
        rows, path = self.rows(scope)
        return Exists(rows.filter(**{path: OuterRef("pk")}))

    def beneficiaries(self, scope: Scope) -> QuerySet:
        rows, path = self.rows(scope)
        return Beneficiary.objects.filter(pk__in=rows.values(path)).order_by("pk")


POPULATIONS = (
    # People with hours in the period: who they are, and how they were employed.
    Population(
        count=("personnes", "total"),
        breakdowns={"typologie_beneficiaires": None, "modalites": None},
        fields=("birth_date", "criteria", "derogation", "diploma_level", "qpv_resident", "sex",
                "placements"),
    ),
    # People whose placement ended in the period: what became of them.
    Population(
        count=("situations", "personnes"),
        breakdowns={"situations": ("a_la_fin", "a_six_mois")},
        fields=("outcomes",),
    ),
)


def is_secret(value) -> bool:
    return isinstance(value, dict) and value.get(SECRECY_MARK) is True


def small(bilan: dict) -> list[Population]:
    """The populations of `bilan` too small to be broken down for everyone."""
    return [p for p in POPULATIONS if 0 < p.size(bilan) < MIN_PEOPLE]


def hide(bilan: dict, populations) -> dict:
    """A copy of `bilan` with the breakdowns of `populations` replaced by SECRET."""
    result = {indicator: dict(content) for indicator, content in bilan.items()}
    for population in populations:
        for indicator, tables in population.breakdowns.items():
            content = result[indicator]
            for name, value in content.items():
                if isinstance(value, list) and (tables is None or name in tables):
                    content[name] = dict(SECRET)
    return result


def context_of(scope: Scope, where: str) -> str:
    return f"{where} — {scope.label} ({scope.period.label})"


def protect(bilan: dict, scope: Scope, reader, where: str = "Bilan") -> dict:
    """`bilan` as `reader` may read it. A small population is broken down only if the
    permission policy opens the personal data of each of its people to `reader`; that
    reading is then logged. `reader=None` is nobody in particular (a document filed for
    a whole committee): small populations stay secret."""
    populations = small(bilan)
    if not populations:
        return bilan
    if reader is None:
        return hide(bilan, populations)
    # One query: the people of every small population, each marked with the populations
    # they belong to and with whether the policy opens their personal data to `reader`.
    opened = permissions.filter_queryset(
        reader, permissions.Action.VIEW_PERSONAL_DATA, Beneficiary.objects.filter(pk=OuterRef("pk"))
    )
    anyone = Q()
    marks = {}
    for i, population in enumerate(populations):
        anyone |= Q(pk__in=population.beneficiaries(scope).values("pk"))
        marks[f"in_{i}"] = population.includes(scope)
    people = list(
        Beneficiary.objects.filter(anyone).annotate(opened=Exists(opened), **marks)
        .only("pk", "pseudonym", "territory_id").order_by("pk")
    )
    hidden = []
    for i, population in enumerate(populations):
        counted = [b for b in people if getattr(b, f"in_{i}")]
        if all(b.opened for b in counted):
            audit.log(reader, counted, AuditAction.DETAILED_BILAN, population.fields,
                      context_of(scope, where))
        else:
            hidden.append(population)
    return hide(bilan, hidden) if hidden else bilan


def bilan_for(reader, scope: Scope, where: str = "Bilan") -> dict:
    """compute_bilan(scope), as `reader` may read it (see protect)."""
    return protect(compute_bilan(scope), scope, reader, where)


def full_bilan_logged(scope: Scope, where: str) -> dict:
    """The whole bilan for the system (the operator's management command), its small
    populations' reading logged without an account."""
    bilan = compute_bilan(scope)
    for population in small(bilan):
        audit.log(None, population.beneficiaries(scope).only("pk", "pseudonym", "territory_id"),
                  AuditAction.DETAILED_BILAN, population.fields, context_of(scope, where))
    return bilan
