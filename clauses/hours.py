"""Rules about hours: which clause a declaration may be credited to."""

from clauses.models import Clause, GlobalisationAgreement, Placement

MESSAGE_NOT_GLOBALISED = (
    "Ces heures ne peuvent être créditées qu'à la clause du placement, sauf accord de "
    "globalisation couvrant les deux clauses pour la même entreprise."
)


def credited_clause_error(placement: Placement, clause: Clause) -> str | None:
    """Why hours of `placement` cannot be credited to `clause`, or None if they can."""
    if clause.pk == placement.clause_id:
        return None
    contractor_id = placement.clause.lot.contractor_id if placement.clause.lot_id else None
    other_contractor_id = clause.lot.contractor_id if clause.lot_id else None
    if contractor_id is None or contractor_id != other_contractor_id:
        return MESSAGE_NOT_GLOBALISED
    covered = (
        GlobalisationAgreement.objects.filter(contractor_id=contractor_id, clauses=clause)
        .filter(clauses=placement.clause_id)
        .exists()
    )
    return None if covered else MESSAGE_NOT_GLOBALISED
