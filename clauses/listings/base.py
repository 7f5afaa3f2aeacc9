"""What every list of the members' area shares: the words searched, the filters, the
order, the page, and the columns both the page and its XLSX and CSV files show.

A listing (a subclass of `Listing`) says which rows a person may see (always through
network.permissions), which form filters them (a `ListingForm`: `q` for the words,
`tri` for the order, one field per filter), what to read with the rows (`decorate`:
joins and annotations, so that a page or a whole file is read in a fixed number of
queries), and its columns. A column marked `personal` holds a beneficiary's personal
data: it is left empty for the rows whose personal data the person may not see (the
pseudonym is always there), and dropped from the listing when they may see none.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.utils import formats

from clauses.models import Beneficiary
from network.permissions import Action, has_any_anchor
from portal.core.facets import WordsField


@dataclass(frozen=True)
class Column:
    label: str
    value: Callable[[Any], object]
    link: Callable[[Any], str | None] | None = None
    numeric: bool = False
    personal: bool = False
    # Whether the XLSX and CSV files have it (a column of actions is for the page only).
    exported: bool = True


@dataclass(frozen=True)
class Sort:
    """One order a listing offers; `order_by` ends with a unique field, so that pages
    neither repeat nor skip a row."""

    key: str
    label: str
    order_by: tuple[str, ...]


@dataclass(frozen=True)
class Cell:
    text: str
    url: str | None
    numeric: bool
    label: str


class ListingForm(forms.Form):
    """Words, filters and order of one listing. Subclasses add their filters as fields,
    narrow their choices to what the person sees in `__init__`, and apply them in
    `filter`. An invalid value shows its error and lists nothing."""

    q = WordsField(label="Rechercher", required=False, max_length=100)
    tri = forms.ChoiceField(label="Trier par", required=False)

    sorts: tuple[Sort, ...] = ()

    def __init__(self, data, visible: QuerySet, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.user = user
        self.visible = visible
        self.fields["tri"].choices = [(s.key, s.label) for s in self.sorts]
        # The words first, the order last, the filters of each listing between them.
        self.order_fields([name for name in self.fields if name != "tri"] + ["tri"])

    def search(self, rows: QuerySet, words: str) -> QuerySet:
        return rows

    def filter(self, rows: QuerySet, data: dict) -> QuerySet:
        return rows

    def apply(self, rows: QuerySet) -> QuerySet:
        if not self.is_bound:
            return rows
        if not self.is_valid():
            return rows.none()
        data = self.cleaned_data
        if data.get("q"):
            rows = self.search(rows, data["q"])
        return self.filter(rows, data)

    def ordering(self) -> tuple[str, ...]:
        chosen = self.cleaned_data.get("tri") if self.is_bound and self.is_valid() else ""
        sort = next((s for s in self.sorts if s.key == chosen), self.sorts[0])
        return sort.order_by


class Listing:
    """One list of the members' area (see the module's docstring)."""

    key = ""
    title = ""
    intro = ""
    empty = "Aucune ligne ne correspond à ces critères."
    model: type[Model]
    form_class: type[ListingForm] = ListingForm
    # The action whose `has_any_anchor` opens the listing, and why it is refused.
    action = Action.VIEW
    refusal = ""
    page_size = 50
    # For the personal-data log, when a page or a file shows names.
    log_context = ""

    def allowed(self, user) -> bool:
        return has_any_anchor(user, self.action, self.model)

    def visible(self, user) -> QuerySet:
        """The rows `user` may see (PermissionDenied when they may see none of the kind)."""
        if not self.allowed(user):
            raise PermissionDenied(self.refusal)
        return self.rows(user)

    def rows(self, user) -> QuerySet:
        raise NotImplementedError

    def decorate(self, rows: QuerySet, user) -> QuerySet:
        """`rows` with what the columns read (joins, annotations), in a fixed number of
        queries whatever their number."""
        return rows

    def columns(self, user) -> list[Column]:
        raise NotImplementedError

    def shows_personal_data(self, user) -> bool:
        return has_any_anchor(user, Action.VIEW_PERSONAL_DATA, Beneficiary)

    def columns_for(self, user, exported: bool = False) -> list[Column]:
        personal = self.shows_personal_data(user)
        return [c for c in self.columns(user)
                if (personal or not c.personal) and (c.exported or not exported)]

    def beneficiary(self, row) -> Beneficiary | None:
        """The person a row names, for the personal-data log."""
        return None

    def actions(self, user) -> list[tuple[str, str]]:
        """Links above the list (label, url) that the person's grants open."""
        return []


def personal_value(column: Column, row) -> object:
    if column.personal and not getattr(row, "show_personal", False):
        return None
    return column.value(row)


def display(value: object) -> str:
    """A value as the page shows it, in French."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, Decimal | float):
        places = 0 if value == int(value) else 2
        return formats.number_format(value, places, use_l10n=True, force_grouping=True)
    if isinstance(value, int):
        return formats.number_format(value, 0, use_l10n=True, force_grouping=True)
    if isinstance(value, datetime.datetime):
        return formats.date_format(value, "d/m/Y H:i")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def table(columns: list[Column], rows: Iterable) -> list[list[Cell]]:
    return [
        [
            Cell(display(personal_value(c, row)),
                 c.link(row) if c.link and personal_value(c, row) is not None else None,
                 c.numeric, c.label)
            for c in columns
        ]
        for row in rows
    ]


def file_rows(columns: list[Column], rows: Iterable) -> Iterable[list[object]]:
    yield [c.label for c in columns]
    for row in rows:
        yield [personal_value(c, row) for c in columns]
