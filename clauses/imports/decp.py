"""Import of awarded markets from the open data of public procurement (DECP, « données
essentielles de la commande publique »), in their published JSON: ``{"marches": [...]}``.

Of each market it reads the id, the buyer's SIRET (``acheteur.id``), the object, CPV code,
amount, procedure, notification date, place of execution (``lieuExecution``: a code and
its type) and contractors (``titulaires``, SIRET), and the social considerations. It keeps
those with a social consideration located in a territory of the person importing (the
place of execution → its département or commune → the territories covering it), and
records each through the market operations (clauses.operations.markets.record_award):
created at the « Attribué » step, or brought up to date; contractors are matched by
SIRET and created when unknown (clauses.operations.companies). The others are skipped,
each with its reason.

Running it twice changes nothing. A file that cannot be read, or a market whose data are
unreadable (no id, no buyer, no date…), refuses the whole file, in French, and nothing is
written; a readable market that a rule refuses is skipped with the rule's message. Files
beyond the import limits (imports.limits: rows, and bytes per market) are refused before
they are parsed. The reading itself is clauses.imports.decp_reading.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from clauses.imports.decp_reading import (
    DecpError,
    DecpMarket,
    DecpReport,
    category_of,
    content,
    departement_of,
    parse,
    records,
    valid_cpv,
)
from clauses.imports.limits import ImportLimits, LimitExceeded
from clauses.operations import companies
from clauses.operations import markets as market_ops
from clauses.operations.common import SYSTEM
from network.departements import departement_label
from network.enums import BUYER_KINDS
from network.models import Organisation
from network.permissions import may_manage_companies

MESSAGE_NOT_ALLOWED = (
    "L'import des données essentielles est réservé aux facilitateurs et aux coordinateurs "
    "régionaux."
)


def import_decp(file, user=None, limits: ImportLimits | None = None) -> DecpReport:
    """`file`: a path or a binary file. Without `user`, a system import of every territory."""
    limits = limits or ImportLimits.from_settings()
    try:
        return _import(file, user, limits)
    except LimitExceeded as error:
        return DecpReport.refused(str(error))


def _import(file, user, limits: ImportLimits) -> DecpReport:
    report = DecpReport()
    if user is not None and not may_manage_companies(user):
        report.add(0, "", MESSAGE_NOT_ALLOWED)
        return report
    try:
        found = records(content(file, limits), limits)
    except DecpError as error:
        report.add(0, "", str(error))
        return report
    report.rows = len(found)
    parsed = []
    for line, record in enumerate(found, start=1):
        limits.check_time()
        try:
            parsed.append(parse(line, record))
        except DecpError as error:
            ident = record.get("id") if isinstance(record, dict) else None
            report.add(line, str(ident or ""), str(error))
    if report.errors:
        return report
    actor = SYSTEM if user is None else user
    _write(parsed, actor, report, limits)
    return report



class _Places:
    """The territories of the person importing, by département and by commune."""

    def __init__(self, actor):
        self.territories = list(market_ops.lead_choices(actor).order_by("name", "pk"))

    def territories_of(self, departement: str, commune: str) -> list:
        by_commune = [t for t in self.territories if commune and commune in (t.communes or [])]
        by_departement = [t for t in self.territories if departement in (t.departements or [])]
        return by_commune + [t for t in by_departement if t not in by_commune]


def _write(parsed: list[DecpMarket], actor, report: DecpReport, limits: ImportLimits) -> None:
    places = _Places(actor)
    sirets_wanted = {m.buyer_siret for m in parsed}
    buyers = {o.siret: o for o in Organisation.objects.filter(siret__in=sorted(sirets_wanted))}
    seen: dict[tuple[str, str], int] = {}
    try:
        with transaction.atomic():
            for market in parsed:
                limits.check_time()
                key = (market.buyer_siret, market.ident)
                if key in seen:
                    report.skip(market.line, market.ident,
                                f"Doublon : ce marché est déjà le n° {seen[key]} du fichier.")
                    continue
                seen[key] = market.line
                reason = _reason_to_skip(market, places, buyers)
                if reason:
                    report.skip(market.line, market.ident, reason)
                    continue
                _record(market, actor, places, buyers[market.buyer_siret], report)
            # Past the time limit, LimitExceeded leaves the transaction: nothing stays.
            limits.check_time()
    except LimitExceeded:
        report.created = report.updated = report.unchanged = report.companies = 0
        report.skipped = []
        raise


def _reason_to_skip(market: DecpMarket, places: _Places, buyers: dict) -> str:
    if not market.consideration:
        return "Pas de considération sociale."
    if market.place_code and market.place_type:
        departement = departement_of(market.place_code, market.place_type)
    else:
        departement = None
    if departement is None:
        return (f"Lieu d'exécution absent ou plus large qu'un département "
                f"({market.place_code or '?'}, {market.place_type or 'type inconnu'}).")
    commune = market.place_code if market.place_type == "code_commune" else ""
    if not places.territories_of(departement, commune):
        return (f"Lieu d'exécution hors de vos territoires ({departement_label(departement)}).")
    buyer = buyers.get(market.buyer_siret)
    if buyer is None:
        return (f"Acheteur inconnu du portail (SIRET {market.buyer_siret}) : un administrateur "
                "l'enregistre d'abord comme acheteur, avec son SIRET.")
    if buyer.kind not in BUYER_KINDS:
        return (f"Le SIRET de l'acheteur est celui de « {buyer.name} » "
                f"({buyer.get_kind_display()}), qui n'est pas un acheteur public.")
    if category_of(market.cpv_code) is None or not valid_cpv(market.cpv_code):
        return f"Code CPV absent ou illisible (« {market.cpv_code} ») : catégorie inconnue."
    if not market.contractors:
        listed = ", ".join(market.unusable_contractors) or "aucun"
        return f"Aucun titulaire identifié par un SIRET valide (titulaires : {listed})."
    return ""


def _record(market: DecpMarket, actor, places: _Places, buyer, report: DecpReport) -> None:
    """One market through the operations, in its own savepoint: a market the rules refuse
    is skipped with their reason, and leaves nothing behind (not even its contractors)."""
    departement = departement_of(market.place_code, market.place_type)
    commune = market.place_code if market.place_type == "code_commune" else ""
    lead, *others = places.territories_of(departement, commune)
    created_companies = 0
    try:
        with transaction.atomic():
            contractors = []
            for item in market.contractors:
                company, created = companies.company_for_siret(actor, item.siret, item.name)
                contractors.append(company)
                created_companies += created
            cotraitants = ", ".join(f"{c.name} (SIRET {c.siret})" for c in contractors[1:])
            _, outcome = market_ops.record_award(
                actor, buyer=buyer, decp_id=market.ident, lead_territory=lead,
                territories=others, contractor=contractors[0], lot_amount=market.amount,
                notes=f"Cotraitants : {cotraitants}." if cotraitants else "",
                title=market.title, programme_year=market.notified_on.year,
                category=category_of(market.cpv_code), cpv_code=market.cpv_code,
                procedure=market.procedure, estimated_amount=market.amount,
                decp_consideration=market.consideration, awarded_on=market.notified_on,
            )
    except PermissionDenied:
        report.skip(market.line, market.ident,
                    "Marché déjà suivi par un territoire que vous ne pilotez pas : seuls ses "
                    "facilitateurs le mettent à jour.")
        return
    except ValidationError as error:
        report.skip(market.line, market.ident, " ".join(error.messages))
        return
    report.companies += created_companies
    if outcome == "created":
        report.created += 1
    elif outcome == "updated":
        report.updated += 1
    else:
        report.unchanged += 1
