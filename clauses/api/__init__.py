"""The clauses app's part of the /api/v1/ JSON API: one sub-router per subject."""

from ninja import Router

from clauses.api.bilans import router as bilans_router
from clauses.api.calculator import router as calculator_router
from clauses.api.declarations import router as hours_router
from clauses.api.hours_review import router as review_router
from clauses.api.markets import router as markets_router

router = Router()
router.add_router("/calculateur", calculator_router)
router.add_router("/marches", markets_router)
router.add_router("/", hours_router)
router.add_router("/", review_router)
router.add_router("/bilans", bilans_router)
