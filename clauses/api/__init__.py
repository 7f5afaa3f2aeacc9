"""The clauses app's part of the /api/v1/ JSON API: one sub-router per subject."""

from ninja import Router

from clauses.api.calculator import router as calculator_router

router = Router()
router.add_router("/calculateur", calculator_router)
