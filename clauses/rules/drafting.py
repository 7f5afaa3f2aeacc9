"""Writing a market's clause with the buyer: which legal basis to suggest for each lot,
how a template's placeholders are filled from the market, and what changed between two
versions of a draft.

Plain functions over values already read (clauses.drafting reads them): no query, no
permission. The convention's annex asks the facilitator to help the buyer choose "the
clause's article according to the lots and the market" and to compute the insertion
hours; `suggest` is that advice written down, so that everyone gets the same one and
can read why.

How a lot's suggestion is reached, in this order:

1. **Hours.** Under 150 insertion hours (the calculator's threshold, DESIGN §3) no
   clause is advised: the volume is too small to offer a real path to anyone. The
   hours are those the calculator gave for the lot's clause; a lot whose hours are not
   computed yet gets a suggestion that says so.
2. **Candidates**, each admissible only when its conditions hold:
   - *reserved to SIAE* (L2113-13): works or services, a lot of at most
     `RESERVABLE_MAX_AMOUNT`, and at least one SIAE able to hold a contract (EI, ACI,
     EITI) in the market's territories;
   - *reserved to EA/ESAT* (L2113-12): services or supplies, the same ceiling, and at
     least one EA or ESAT in the territories;
   - *execution condition* (L2112-2): works or services; the usual clause, which the
     contractor meets by hiring, through an ETTI, AI or GEIQ, or by subcontracting;
   - *award criterion* (R2152-7): any lot; first for supplies, where few hours are
     worked on the buyer's premises and the candidates say how they contribute;
   - *insertion and qualification contract* (former art. 30): only for a buyer who
     has used it before (a market whose very object is insertion).
3. **The buyer's past choices.** When the buyer chose one legal basis for most of its
   previous clauses (at least `HABIT_MIN_CLAUSES`) and that basis is admissible here,
   it is suggested: the facilitator follows a buyer's practice rather than the default.
4. Otherwise the first admissible candidate, in the order above.

The facilitator accepts the suggestion or chooses another basis; a different choice
needs its reason (`decision_error`), kept with the lot.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from portal.core.vocabulary import LegalBasis, MarketCategory

ADVISED_MINIMUM_HOURS = 150
# Beyond this amount (€ excl. tax) a structure of insertion rarely has the capacity to
# hold a lot alone: the lot is better open to all with an execution condition.
RESERVABLE_MAX_AMOUNT = Decimal(500_000)
HABIT_MIN_CLAUSES = 2

B = LegalBasis
C = MarketCategory

MESSAGE_TOO_FEW_HOURS = (
    "Moins de {minimum} heures d'insertion ({hours} h) : clause non conseillée, le volume "
    "est trop faible pour offrir un vrai parcours à une personne."
)
MESSAGE_HOURS_UNKNOWN = (
    "Les heures d'insertion de ce lot ne sont pas encore calculées : faites le calcul "
    "(seuil de {minimum} heures) pour confirmer la suggestion."
)
MESSAGE_REASON_REQUIRED = (
    "Indiquez pourquoi vous retenez un autre fondement que celui suggéré."
)
MESSAGE_UNKNOWN_BASIS = "Choisissez un fondement juridique de la liste."


@dataclass(frozen=True)
class Supply:
    """Organisations of the directory located in the market's territories, by kind."""

    siae_holders: int = 0  # EI, ACI, EITI: may hold a reserved contract
    siae_providers: int = 0  # AI, ETTI: provide staff to a contractor
    ea_esat: int = 0
    geiq: int = 0

    @property
    def any_insertion(self) -> bool:
        return bool(self.siae_holders or self.siae_providers or self.geiq)


@dataclass(frozen=True)
class LotFacts:
    category: str
    amount: Decimal | None
    hours: int | None
    supply: Supply = field(default_factory=Supply)
    # Legal basis -> number of the buyer's previous clauses on it.
    buyer_history: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Suggestion:
    """The suggested legal basis ("" when no clause is advised) and why, in French."""

    legal_basis: str
    reasons: tuple[str, ...]

    @property
    def advised(self) -> bool:
        return bool(self.legal_basis)

    @property
    def label(self) -> str:
        return B(self.legal_basis).label if self.legal_basis else "Pas de clause conseillée"


def _euros(amount: Decimal) -> str:
    return f"{amount:,.0f}".replace(",", "\u202f")


def _small_enough(facts: LotFacts) -> bool:
    return facts.amount is None or facts.amount <= RESERVABLE_MAX_AMOUNT


def candidates(facts: LotFacts) -> list[tuple[str, str]]:
    """The admissible legal bases for the lot, in the default order, each with why."""
    s = facts.supply
    found: list[tuple[str, str]] = []
    works_or_services = facts.category in (C.WORKS, C.SERVICES)
    if works_or_services and s.siae_holders and _small_enough(facts):
        found.append((B.RESERVED_SIAE, (
            f"{s.siae_holders} SIAE pouvant être titulaire (EI, ACI, EITI) sur les "
            "territoires du marché, pour un lot à leur mesure : lot réservé possible."
        )))
    if facts.category in (C.SERVICES, C.SUPPLIES) and s.ea_esat and _small_enough(facts):
        found.append((B.RESERVED_EA_ESAT, (
            f"{s.ea_esat} entreprise(s) adaptée(s) ou ESAT sur les territoires du marché : "
            "lot réservé possible."
        )))
    generic: list[tuple[str, str]] = []
    if works_or_services:
        generic.append((B.EXECUTION_CONDITION, (
            "Condition d'exécution : le titulaire embauche, passe par une ETTI, une AI ou un "
            "GEIQ, ou sous-traite à une SIAE."
            + (" Structures présentes sur les territoires du marché." if s.any_insertion
               else "")
        )))
    criterion = (B.AWARD_CRITERION, (
        "Critère d'attribution : les candidats présentent leurs propres moyens d'insertion."
    ))
    if facts.category == C.SUPPLIES:
        generic.insert(0, criterion)
    else:
        generic.append(criterion)
    found += generic
    if facts.buyer_history.get(B.INSERTION_QUALIFICATION):
        found.append((B.INSERTION_QUALIFICATION, (
            "L'acheteur a déjà passé des marchés d'insertion et de qualification."
        )))
    return found


def _habit(history: Mapping[str, int]) -> str | None:
    """The legal basis of most of the buyer's previous clauses, if it has a clear one."""
    counted = sorted(((n, basis) for basis, n in history.items() if n), reverse=True)
    if not counted or counted[0][0] < HABIT_MIN_CLAUSES:
        return None
    if len(counted) > 1 and counted[1][0] == counted[0][0]:
        return None
    return counted[0][1]


def suggest(facts: LotFacts) -> Suggestion:
    """The legal basis advised for one lot (see the module's docstring)."""
    if facts.hours is not None and facts.hours < ADVISED_MINIMUM_HOURS:
        return Suggestion("", (MESSAGE_TOO_FEW_HOURS.format(
            minimum=ADVISED_MINIMUM_HOURS, hours=facts.hours),))
    notes: list[str] = []
    if facts.hours is None:
        notes.append(MESSAGE_HOURS_UNKNOWN.format(minimum=ADVISED_MINIMUM_HOURS))
    else:
        notes.append(f"{facts.hours} heures d'insertion calculées pour ce lot.")
    if facts.amount is not None and not _small_enough(facts):
        notes.append(f"Lot de plus de {_euros(RESERVABLE_MAX_AMOUNT)} € HT : trop important "
                     "pour être réservé.")
    admissible = candidates(facts)
    habit = _habit(facts.buyer_history)
    chosen = next((c for c in admissible if c[0] == habit), None)
    if chosen is not None:
        n = facts.buyer_history[habit]
        notes.append(f"L'acheteur a retenu ce fondement pour {n} de ses clauses précédentes.")
    else:
        chosen = admissible[0]
    return Suggestion(chosen[0], (chosen[1], *notes))


def decision_error(suggested: str, chosen: str, reason: str) -> dict[str, str]:
    """Why the facilitator's choice cannot be kept, by field ({} when it can): a basis
    of the list, or none (no clause), and a reason when it is not the one suggested."""
    if chosen and chosen not in B.values:
        return {"legal_basis": MESSAGE_UNKNOWN_BASIS}
    if chosen != suggested and not (reason or "").strip():
        return {"reason": MESSAGE_REASON_REQUIRED}
    return {}


# --- Placeholders --------------------------------------------------------------------------

# The placeholders of the library's templates (folded, see
# portal.core.documents.placeholder_key) and the value of the market that fills each.
PLACEHOLDER_FIELDS: Mapping[str, str] = {
    "nombre d'heures": "hours",
    "nombre d'heures d'insertion": "hours",
    "heures d'insertion": "hours",
    "volume d'heures": "hours",
    "nom de l'acheteur": "buyer",
    "acheteur": "buyer",
    "pouvoir adjudicateur": "buyer",
    "intitule du marche": "market_title",
    "objet du marche": "market_title",
    "nom de l'operation": "market_title",
    "operation": "market_title",
    "reference du marche": "reference",
    "numero du lot": "lot_number",
    "numero de lot": "lot_number",
    "intitule du lot": "lot_title",
    "date de debut": "starts_on",
    "debut de la periode": "starts_on",
    "date de fin": "ends_on",
    "fin de la periode": "ends_on",
    "periode": "period",
    "periode de la clause": "period",
    "nom du facilitateur": "facilitator",
    "facilitateur": "facilitator",
    "telephone": "facilitator_phone",
    "telephone du facilitateur": "facilitator_phone",
    "adresse electronique": "facilitator_email",
    "courriel": "facilitator_email",
    "courriel du facilitateur": "facilitator_email",
    "nom de la structure": "structure",
    "structure": "structure",
    "territoire": "territory",
}


def placeholder_field(key: str) -> str | None:
    """The market value a placeholder asks for: its whole key, or the part before a
    dash that explains it ("nom de la structure — PLIE ou Maison de l'emploi")."""
    if key in PLACEHOLDER_FIELDS:
        return PLACEHOLDER_FIELDS[key]
    for dash in (" — ", " – ", " - "):
        head = key.split(dash, 1)[0].strip()
        if head != key and head in PLACEHOLDER_FIELDS:
            return PLACEHOLDER_FIELDS[head]
    return None


def value_of(values: Mapping[str, str]):
    """The function portal.core.documents.fill asks for each placeholder: the market's
    value, or None (the placeholder stays, highlighted) when the market has none."""
    def lookup(key: str) -> str | None:
        name = placeholder_field(key)
        return (values.get(name) or None) if name else None

    return lookup


# --- Versions ------------------------------------------------------------------------------


def describe_changes(previous: Mapping[str, dict], current: Mapping[str, dict]) -> list[str]:
    """What changed from one version of a draft to the next, one French line per lot
    (articles keyed by lot id, each with its number, template title, basis and text)."""
    lines: list[str] = []
    keys = sorted({*previous, *current}, key=lambda k: (current.get(k) or previous[k])["number"])
    for key in keys:
        before, after = previous.get(key), current.get(key)
        lot = f"Lot {(after or before)['number']}"
        if before is None:
            source = after.get("template_title")
            lines.append(f"{lot} : article rédigé" + (
                f" à partir du modèle « {source} »." if source else "."))
        elif after is None:
            lines.append(f"{lot} : article retiré.")
        else:
            if before.get("template_id") != after.get("template_id"):
                lines.append(f"{lot} : article repris du modèle « {after.get('template_title')} ».")
            elif before.get("text") != after.get("text"):
                lines.append(f"{lot} : texte de l'article modifié.")
            if before.get("legal_basis") != after.get("legal_basis"):
                label = B(after["legal_basis"]).label if after.get("legal_basis") else "aucun"
                lines.append(f"{lot} : fondement juridique changé ({label}).")
    return lines
