from clauses.models.audit import PersonalDataLog
from clauses.models.base import STALE_MESSAGE, StaleRecordError, Versioned
from clauses.models.drafting import (
    DceDocument,
    DceReview,
    DceReviewComment,
    DceVersion,
    DraftVersion,
    LotClauseChoice,
)
from clauses.models.figures import MarketYear, PlacementYear
from clauses.models.followup import ExchangedDocument, FollowUpMeeting
from clauses.models.markets import Clause, Lot, Market, MarketStatusChange
from clauses.models.people import Beneficiary, BeneficiaryCriterion, EligibilityProof
from clauses.models.placements import GlobalisationAgreement, HoursDeclaration, Outcome, Placement
from clauses.models.proposals import HireProposal
from clauses.models.trades import Trade

__all__ = [
    "STALE_MESSAGE",
    "Beneficiary",
    "BeneficiaryCriterion",
    "Clause",
    "DceDocument",
    "DceReview",
    "DceReviewComment",
    "DceVersion",
    "DraftVersion",
    "EligibilityProof",
    "ExchangedDocument",
    "FollowUpMeeting",
    "GlobalisationAgreement",
    "HireProposal",
    "HoursDeclaration",
    "Lot",
    "LotClauseChoice",
    "Market",
    "MarketStatusChange",
    "MarketYear",
    "Outcome",
    "PersonalDataLog",
    "Placement",
    "PlacementYear",
    "StaleRecordError",
    "Trade",
    "Versioned",
]
