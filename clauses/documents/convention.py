"""A convention's yearly bilan, as a PDF for its partners: the seven indicators of the
markets led from its territories, over one calendar year of its validity."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from clauses.bilans import exports
from clauses.bilans.enums import ScopeKind
from clauses.bilans.scopes import Period, Scope, ScopeError, parse_year, resolve_scope
from clauses.bilans.secrecy import bilan_for


@dataclass
class ConventionBilan:
    scope: Scope
    year: int
    sections: list
    territories: list[str]
    generated_on: datetime.date

    @property
    def convention(self):
        return self.scope.obj

    @property
    def title(self) -> str:
        return f"Bilan {self.year} — {self.convention.title}"

    @property
    def filename(self) -> str:
        return f"bilan-{self.year}-{self.convention.slug}.pdf"

    @property
    def summary(self) -> list[tuple[str, str]]:
        convention = self.convention
        lines = [("Convention", convention.title)]
        if convention.signed_on:
            lines.append(("Signée le", f"{convention.signed_on:%d/%m/%Y}"))
        start, end = convention.starts_on or convention.signed_on, convention.ends_on
        if start or end:
            lines.append(("Validité", f"{_date(start)} → {_date(end)}"))
        lines += [
            ("Territoires couverts", ", ".join(self.territories) or "—"),
            ("Période du bilan", self.scope.period.label),
            ("Établi le", f"{self.generated_on:%d/%m/%Y}"),
        ]
        return lines


def _date(value) -> str:
    return f"{value:%d/%m/%Y}" if value else "…"


def year_period(convention, year: int) -> Period:
    """The calendar year `year`, within the convention's validity where it is known."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    valid_from = convention.starts_on or convention.signed_on
    if valid_from and valid_from > start:
        start = valid_from
    if convention.ends_on and convention.ends_on < end:
        end = convention.ends_on
    if start > end:
        raise ScopeError(
            f"La convention n'était pas en vigueur en {year} : choisissez une année de sa "
            f"période de validité ({_date(valid_from)} → {_date(convention.ends_on)})."
        )
    if (start, end) == (datetime.date(year, 1, 1), datetime.date(year, 12, 31)):
        return Period.year(year)
    return Period(start, end, f"Année {year}, du {start:%d/%m/%Y} au {end:%d/%m/%Y}")


def convention_years(convention, today: datetime.date | None = None) -> list[int]:
    """The years of the convention's validity up to this one, newest first."""
    today = today or timezone.localdate()
    start = convention.starts_on or convention.signed_on
    if start is None:
        return []
    end = min(convention.ends_on or today, today)
    return list(range(end.year, start.year - 1, -1))


def convention_bilan(user, slug: str, raw_year) -> ConventionBilan:
    """The bilan of the convention `slug` for one year, as `user` may read it: ScopeError
    (404 or 403 to whom may not read it, 400 for a year out of its validity)."""
    scope = resolve_scope(user, f"{ScopeKind.CONVENTION.value}:{slug}", Period())
    year = parse_year(raw_year, default=timezone.localdate().year)
    scope = scope.with_period(year_period(scope.obj, year))
    bilan = bilan_for(user, scope, where="Bilan annuel de la convention (PDF)")
    return ConventionBilan(
        scope=scope,
        year=year,
        sections=exports.sections(bilan),
        territories=[str(t) for t in scope.obj.territories.order_by("name")],
        generated_on=timezone.localdate(),
    )
