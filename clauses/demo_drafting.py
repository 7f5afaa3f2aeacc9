"""Demo data of the clause's drafting (seed_demo, after clauses.demo). Idempotent.

The Bassin dijonnais market in drafting gets what the facilitator and the buyer do
before a publication: the legal basis suggested for its lot and accepted, the lot's
article drafted from the library's template, the buyer's draft CCAP, and the
facilitator's review asking for a correction. Every step goes through the domain
operations, as the person whose job it is; a market that already has a draft or a
DCE is left as it is.
"""

from __future__ import annotations

import sys

from django.core.files.base import ContentFile

from clauses import drafting
from clauses.enums import DceVerdict, MarketStatus
from clauses.models import Market
from clauses.operations import dce as dce_ops
from clauses.operations import drafting as drafting_ops
from portal.core import documents
from portal.core.documents import Block

REFERENCE = "DEMO-DIJ-03"
REVIEW_COMMENT = (
    "L'article sur la clause sociale ne reprend pas le nombre d'heures par lot, et le "
    "contact du facilitateur manque : reprenez l'article rédigé sur le portail (fictif)."
)


def _say(message: str) -> None:
    sys.stdout.write(f"clauses : {message}\n")


def seed(actors) -> None:
    market = Market.objects.filter(reference=REFERENCE, status=MarketStatus.DRAFTING).first()
    if market is None or market.draft_versions.exists() or market.dce_documents.exists():
        return
    lot = market.lots.order_by("number").first()
    if lot is None:
        return
    suggestion = drafting.suggestion_for(lot)
    drafting_ops.decide_basis(actors.facilitator, market, lot,
                              legal_basis=suggestion.legal_basis)
    templates = drafting_ops.template_choices(actors.facilitator, lot)
    if not templates:
        _say("aucun modèle de clause publié (resources.demo n'a pas été chargé) : la clause "
             "du marché en rédaction n'est pas rédigée.")
        return
    draft = drafting_ops.draft_article(actors.facilitator, market, lot,
                                       template_id=templates[0].id)
    # The buyer's draft CCAP, as a buyer would write it before the facilitator's help.
    ccap = documents.to_docx("CCAP — projet (fictif)", [
        Block("title", f"Cahier des clauses administratives particulières — {market.title}"),
        Block("heading", "Article 9 — Clause sociale d'insertion"),
        Block("text", "Le titulaire réalise une action d'insertion (projet à compléter)."),
    ])
    version = dce_ops.submit_dce(
        actors.buyer, market, title="CCAP (projet)",
        uploaded_file=ContentFile(ccap, name="ccap-projet.docx"),
    )
    dce_ops.review_dce(
        actors.facilitator, market, verdict=DceVerdict.TO_CORRECT,
        comment=f"Reprenez l'article de la version {draft.number} de la clause rédigée.",
        document_comments={version.document_id: REVIEW_COMMENT},
    )
