"""A hire proposed by a company referent, and the facilitator's answer.

The company proposes (Action.PROPOSE_HIRE on one of its clauses): the person's identity
and the contract. Nothing is a placement yet. A facilitator of the market's territories
who sees personal data (Action.DECLARE on the proposal) finds or creates the person's
record and validates their eligibility with the usual screens, then accepts: the
placement is opened by clauses.operations.placements.open_placement, with its rules
(eligibility valid at the start, dates, employer). Or they refuse, with a reason.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from clauses import notifications
from clauses.enums import ContractType, Modality, ProposalStatus
from clauses.models import Beneficiary, Clause, HireProposal
from clauses.operations import placements
from clauses.operations.common import Errors, account, ensure
from network.permissions import Action

MESSAGE_NOT_PROPOSING = "Seuls les référents de l'entreprise titulaire proposent une embauche."
MESSAGE_NOT_DECIDING = (
    "Seuls les facilitateurs des territoires du marché, et leurs coordinateurs, donnent "
    "suite à une proposition d'embauche."
)
MESSAGE_DONE = "Cette proposition a déjà reçu une réponse."
MESSAGE_REASON = "Indiquez le motif du refus : l'entreprise le lira."
FIELDS = ("last_name", "first_name", "birth_date", "contact", "modality", "contract_type",
          "job_label", "starts_on", "ends_on", "notes")


def _check(fields: dict) -> Errors:
    errors = Errors()
    for name, message in (("last_name", "Indiquez le nom."), ("first_name", "Indiquez le prénom."),
                          ("job_label", "Indiquez le poste."),
                          ("starts_on", "Indiquez la date de début.")):
        if not fields.get(name):
            errors.add(name, message)
    if fields.get("contract_type") not in ContractType.values:
        errors.add("contract_type", "Choisissez le type de contrat.")
    if fields.get("modality", Modality.DIRECT_HIRE) not in Modality.values:
        errors.add("modality", "Choisissez la modalité.")
    starts, ends = fields.get("starts_on"), fields.get("ends_on")
    if starts and ends and ends < starts:
        errors.add("ends_on", "La fin précède le début.")
    return errors


@transaction.atomic
def propose_hire(actor, clause: Clause, **fields) -> HireProposal:
    ensure(actor, Action.PROPOSE_HIRE, clause, MESSAGE_NOT_PROPOSING)
    _check(fields).raise_if_any()
    proposal = HireProposal.objects.create(
        company=clause.lot.contractor, clause=clause, proposed_by=account(actor),
        **{name: fields[name] for name in FIELDS if fields.get(name) is not None},
    )
    notifications.hire_proposed(proposal, actor)
    return proposal


def _decide(actor, proposal: HireProposal) -> None:
    ensure(actor, Action.DECLARE, proposal, MESSAGE_NOT_DECIDING)
    if proposal.status != ProposalStatus.PROPOSED:
        errors = Errors()
        errors.add("__all__", MESSAGE_DONE)
        errors.raise_if_any()


@transaction.atomic
def accept_proposal(actor, proposal: HireProposal, *, beneficiary: Beneficiary):
    """Open the placement of `beneficiary` (whose eligibility the facilitator validated)
    as the company proposed it; ValidationError by field if the placement is refused."""
    _decide(actor, proposal)
    placement = placements.open_placement(
        actor, beneficiary=beneficiary, clause=proposal.clause, employer=proposal.company,
        modality=proposal.modality, contract_type=proposal.contract_type,
        job_label=proposal.job_label, starts_on=proposal.starts_on, ends_on=proposal.ends_on,
    )
    proposal.status, proposal.placement = ProposalStatus.ACCEPTED, placement
    proposal.reviewed_by, proposal.reviewed_at = account(actor), timezone.now()
    proposal.save()
    return placement


@transaction.atomic
def refuse_proposal(actor, proposal: HireProposal, *, reason: str) -> HireProposal:
    _decide(actor, proposal)
    reason = (reason or "").strip()
    if not reason:
        errors = Errors()
        errors.add("reason", MESSAGE_REASON)
        errors.raise_if_any()
    proposal.status, proposal.refusal_reason = ProposalStatus.REFUSED, reason
    proposal.reviewed_by, proposal.reviewed_at = account(actor), timezone.now()
    proposal.save()
    return proposal
