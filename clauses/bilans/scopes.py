"""What a bilan covers (a scope: kind, object, period) and who may choose which.

A market's figures belong to its *pilot* territory (``lead_territory``): a territory's
bilan, its network's and a convention's count each market once, so that the bilans of
the territories add up to the national one. Who may read which scope is asked of
network.permissions; nothing here decides it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, Model, OuterRef, Q
from django.utils import timezone

from clauses.bilans.enums import ConventionBilanKind, ScopeKind
from clauses.models import Market
from network import permissions
from network.models import Convention, Network, Organisation, Territory

FIRST_YEAR = 2008  # the oldest conventions of the network (2009-2011)


class ScopeError(Exception):
    """A scope that cannot be read: unknown (404), not open to the user (403), or badly asked
    for (400). The message is French and says what to do."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Period:
    """Inclusive dates; None on a side leaves that side open (a market's whole life)."""

    start: datetime.date | None = None
    end: datetime.date | None = None
    name: str = ""

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31), f"Année {year}")

    @classmethod
    def between(cls, start: datetime.date, end: datetime.date) -> Period:
        return cls(start, end, f"Du {start:%d/%m/%Y} au {end:%d/%m/%Y}")

    @property
    def label(self) -> str:
        if self.name:
            return self.name
        if self.start is None and self.end is None:
            return "Depuis le début"
        if self.start is None:
            return f"Jusqu'au {self.end:%d/%m/%Y}"
        if self.end is None:
            return f"Depuis le {self.start:%d/%m/%Y}"
        return f"Du {self.start:%d/%m/%Y} au {self.end:%d/%m/%Y}"

    @property
    def first_month(self) -> datetime.date | None:
        """Hours are declared per month (its first day): the month holding `start` counts."""
        return self.start.replace(day=1) if self.start else None

    def months_q(self, path: str = "month") -> Q:
        q = Q()
        if self.start:
            q &= Q(**{f"{path}__gte": self.first_month})
        if self.end:
            q &= Q(**{f"{path}__lte": self.end})
        return q

    def overlaps_q(self, start_path: str, end_path: str) -> Q:
        """Rows whose [start, end] meets the period (a missing end is still running)."""
        q = Q()
        if self.end:
            q &= Q(**{f"{start_path}__lte": self.end})
        if self.start:
            q &= Q(**{f"{end_path}__isnull": True}) | Q(**{f"{end_path}__gte": self.start})
        return q

    def within_q(self, path: str) -> Q:
        q = Q(**{f"{path}__isnull": False})
        if self.start:
            q &= Q(**{f"{path}__gte": self.start})
        if self.end:
            q &= Q(**{f"{path}__lte": self.end})
        return q


def _path(prefix: str, name: str) -> str:
    if not prefix:
        return name
    return prefix if name == "pk" else f"{prefix}__{name}"


@dataclass(frozen=True)
class Scope:
    kind: ScopeKind
    obj: Model | None = None
    period: Period = field(default_factory=Period)

    @property
    def key(self) -> str:
        """How URLs, forms and exports name the scope: "territoire:senonais", "acheteur:12"."""
        if self.kind == ScopeKind.NATIONAL:
            return ScopeKind.NATIONAL.value
        ident = self.obj.pk if self.kind in (ScopeKind.BUYER, ScopeKind.MARKET) else self.obj.slug
        return f"{self.kind.value}:{ident}"

    @property
    def name(self) -> str:
        if self.kind == ScopeKind.NATIONAL:
            return ScopeKind.NATIONAL.label
        return str(self.obj)

    @property
    def label(self) -> str:
        if self.kind == ScopeKind.NATIONAL:
            return self.name
        return f"{ScopeKind(self.kind).label} : {self.name}"

    @property
    def is_consolidated(self) -> bool:
        """Several markets and territories: a person employed twice counts once."""
        return self.kind != ScopeKind.MARKET

    def with_period(self, period: Period) -> Scope:
        return Scope(self.kind, self.obj, period)

    def markets_q(self, prefix: str = "") -> Q:
        """The scope's markets, seen from a model that reaches Market through `prefix`."""
        if self.kind == ScopeKind.NATIONAL:
            return Q()
        if self.kind == ScopeKind.MARKET:
            return Q(**{_path(prefix, "pk"): self.obj.pk})
        if self.kind == ScopeKind.BUYER:
            return Q(**{_path(prefix, "buyer"): self.obj.pk})
        if self.kind == ScopeKind.TERRITORY:
            return Q(**{_path(prefix, "lead_territory"): self.obj.pk})
        if self.kind == ScopeKind.NETWORK:
            return Q(**{_path(prefix, "lead_territory__network"): self.obj.pk})
        covered = Convention.territories.through.objects.filter(
            convention_id=self.obj.pk
        ).values("territory_id")
        return Q(**{_path(prefix, "lead_territory__in"): covered})


# --- Periods ------------------------------------------------------------------


def parse_year(raw, default: int | None = None) -> int:
    """A year typed or passed in a URL; ScopeError with a French message otherwise."""
    if raw in (None, ""):
        if default is None:
            raise ScopeError("Indiquez l'année du bilan, par exemple 2024.")
        return default
    try:
        year = int(str(raw).strip())
    except ValueError:
        raise ScopeError(f"« {raw} » n'est pas une année : écrivez-la avec 4 chiffres.") from None
    last = timezone.localdate().year
    if not FIRST_YEAR <= year <= last:
        raise ScopeError(f"L'année doit être comprise entre {FIRST_YEAR} et {last}.")
    return year


def available_years(today: datetime.date | None = None) -> list[int]:
    last = (today or timezone.localdate()).year
    return list(range(last, FIRST_YEAR - 1, -1))


def convention_period(
    convention: Convention,
    kind: ConventionBilanKind | str = ConventionBilanKind.FINAL,
    as_of: datetime.date | None = None,
) -> Period:
    """The validity period of the convention; a mid-term bilan stops at `as_of` (today)."""
    start = convention.starts_on or convention.signed_on
    end = convention.ends_on
    if start is None or end is None:
        raise ScopeError(
            "Cette convention n'a pas de dates de validité complètes (début ou signature, "
            "et fin) : complétez-les dans l'annuaire avant d'en établir le bilan."
        )
    if ConventionBilanKind(kind) == ConventionBilanKind.FINAL:
        return Period(
            start, end, f"Validité de la convention, du {start:%d/%m/%Y} au {end:%d/%m/%Y}"
        )
    as_of = as_of or timezone.localdate()
    if as_of < start:
        raise ScopeError(
            f"La date d'arrêté ({as_of:%d/%m/%Y}) précède le début de la convention "
            f"({start:%d/%m/%Y})."
        )
    as_of = min(as_of, end)
    return Period(start, as_of, f"Mi-parcours, du {start:%d/%m/%Y} au {as_of:%d/%m/%Y}")


# --- Finding a scope, and who may read it ---------------------------------------------


def _parse_key(key: str) -> tuple[ScopeKind, str]:
    kind_raw, _, ident = (key or "").partition(":")
    try:
        kind = ScopeKind(kind_raw)
    except ValueError:
        raise ScopeError(f"Périmètre inconnu : « {key} ».") from None
    if kind != ScopeKind.NATIONAL and not ident:
        raise ScopeError(f"Précisez quel {kind.label.lower()} : « {kind.value}:… ».")
    return kind, ident


def _int(ident: str, what: str) -> int:
    try:
        return int(ident)
    except (TypeError, ValueError):
        raise ScopeError(f"L'identifiant d'un {what} est un nombre : « {ident} ».") from None


def _lookup(kind: ScopeKind, ident: str | int | None) -> tuple[Model | None, str]:
    """The object a scope names (None if there is none), and the message saying so."""
    if kind == ScopeKind.TERRITORY:
        obj = Territory.objects.filter(slug=ident).first()
        missing = f"Aucun territoire n'a l'identifiant « {ident} »."
    elif kind == ScopeKind.NETWORK:
        obj = Network.objects.filter(slug=ident).first()
        missing = f"Aucun réseau n'a l'identifiant « {ident} »."
    elif kind == ScopeKind.CONVENTION:
        obj = Convention.objects.filter(slug=ident).first()
        missing = f"Aucune convention n'a l'identifiant « {ident} »."
    elif kind == ScopeKind.BUYER:
        obj = Organisation.objects.filter(pk=_int(ident, "acheteur")).first()
        missing = f"Aucun acheteur n'a le numéro {ident}."
    else:
        obj = Market.objects.select_related("lead_territory").filter(
            pk=_int(ident, "marché")
        ).first()
        missing = f"Aucun marché n'a le numéro {ident}."
    return obj, missing


def find_scope(kind: ScopeKind | str, ident: str | int | None, period: Period) -> Scope:
    """The scope named, without asking whether anyone may read it (the command's use)."""
    kind = ScopeKind(kind)
    if kind == ScopeKind.NATIONAL:
        return Scope(kind, None, period)
    obj, missing = _lookup(kind, ident)
    if obj is None:
        raise ScopeError(missing, status=404)
    return Scope(kind, obj, period)


def may_read(user, scope: Scope) -> bool:
    """Whether `user` may read the bilan of `scope`, as network.permissions decides."""
    return permissions.may_read_bilan(
        user, None if scope.kind == ScopeKind.NATIONAL else scope.obj
    )


def resolve_scope(user, key: str, period: Period) -> Scope:
    """The scope `key` names, if `user` may read it; ScopeError otherwise.

    A scope the person may not read answers exactly as one that does not exist (404,
    the same message), so that no identifier tells whether a market, a buyer or a
    convention is there. The national bilan has nothing to hide: 403.
    """
    kind, ident = _parse_key(key)
    if kind == ScopeKind.NATIONAL:
        scope = find_scope(kind, ident, period)
        if not may_read(user, scope):
            raise ScopeError("Ce bilan ne vous est pas ouvert.", status=403)
        return scope
    obj, missing = _lookup(kind, ident)
    scope = Scope(kind, obj, period) if obj is not None else None
    if scope is None or not may_read(user, scope):
        raise ScopeError(missing, status=404)
    return scope


@dataclass(frozen=True)
class ScopeGroup:
    label: str
    scopes: tuple[Scope, ...]


def scope_choices(user, period: Period) -> list[ScopeGroup]:
    """Every scope `user` may choose, grouped by kind, widest first (one query per kind).

    Markets are not listed (there are thousands): each market shows its own bilan.
    """
    groups: list[ScopeGroup] = []
    if permissions.may_read_national_bilan(user):
        groups.append(ScopeGroup("Ensemble", (Scope(ScopeKind.NATIONAL, None, period),)))
    kinds = (
        (ScopeKind.NETWORK, "Réseaux",
         permissions.bilan_networks(user, Network.objects.order_by("name"))),
        (ScopeKind.CONVENTION, "Conventions",
         permissions.bilan_conventions(user, Convention.objects.order_by("-signed_on", "title"))),
        (ScopeKind.TERRITORY, "Territoires",
         permissions.filter_queryset(
             user, permissions.Action.VIEW, Territory.objects.order_by("name")
         )),
        (ScopeKind.BUYER, "Acheteurs",
         permissions.filter_queryset(
             user, permissions.Action.VIEW,
             Organisation.objects.filter(
                 Exists(Market.objects.filter(buyer=OuterRef("pk")))
             ).order_by("name"),
         )),
    )
    for kind, label, queryset in kinds:
        scopes = tuple(Scope(kind, obj, period) for obj in queryset)
        if scopes:
            groups.append(ScopeGroup(label, scopes))
    return groups


def default_scope(groups: list[ScopeGroup]) -> Scope | None:
    """The widest scope of the choices: national, else the first network, territory…"""
    for group in groups:
        if group.scopes:
            return group.scopes[0]
    return None


def pick(groups: list[ScopeGroup], key: str) -> Scope | None:
    for group in groups:
        for scope in group.scopes:
            if scope.key == key:
                return scope
    return None
