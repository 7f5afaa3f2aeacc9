"""The personal-data log: every view or change of a beneficiary's record is written here.

Call `log_view` whenever a screen, an export or the API shows personal fields, and
`log_change` after saving them. Rows are written in one INSERT per call.
"""

from collections.abc import Iterable

from clauses.enums import AuditAction
from clauses.models import Beneficiary, HireProposal, PersonalDataLog

SHOWN_ON_LISTS = ("first_name", "last_name")


def _username(user) -> str:
    return user.get_username() if user is not None and user.is_authenticated else ""


def log(
    user,
    beneficiaries: Iterable[Beneficiary],
    action: str,
    fields: Iterable[str],
    context: str = "",
) -> list[PersonalDataLog]:
    fields = sorted(set(fields))
    entries = [
        PersonalDataLog(
            user=user if user is not None and user.is_authenticated else None,
            username=_username(user),
            action=action,
            beneficiary=beneficiary,
            pseudonym=beneficiary.pseudonym or "",
            territory_id=beneficiary.territory_id,
            fields=fields,
            context=context[:200],
        )
        for beneficiary in beneficiaries
    ]
    return PersonalDataLog.objects.bulk_create(entries) if entries else []


def log_view(user, beneficiaries, fields=Beneficiary.PERSONAL_FIELDS, context=""):
    return log(user, beneficiaries, AuditAction.VIEW, fields, context)


# What the facilitators' list of hire proposals shows of each person (when filled in).
SHOWN_ON_PROPOSALS = ("first_name", "last_name", "birth_date", "contact")


def log_proposals_view(user, proposals: Iterable[HireProposal], context: str) -> list:
    """A proposal names a person who may have no record yet: each one shown is logged
    like a record, anchored on the market's lead territory, the proposal named in the
    screen column (its pseudonym, once a placement followed)."""
    entries = []
    for proposal in proposals:
        placed = proposal.placement.beneficiary if proposal.placement_id else None
        fields = sorted(f for f in SHOWN_ON_PROPOSALS if getattr(proposal, f))
        entries.append(PersonalDataLog(
            user=user if user is not None and user.is_authenticated else None,
            username=_username(user), action=AuditAction.VIEW, beneficiary=placed,
            pseudonym=placed.pseudonym if placed else "",
            territory_id=proposal.clause.market.lead_territory_id, fields=fields,
            context=f"{context} — proposition {proposal.pk} ({proposal.company})"[:200],
        ))
    return PersonalDataLog.objects.bulk_create(entries) if entries else []


def log_change(user, beneficiary, fields, context="", created=False):
    action = AuditAction.CREATE if created else AuditAction.CHANGE
    return log(user, [beneficiary], action, fields, context)
