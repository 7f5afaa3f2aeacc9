"""Demo data of a company's follow-up (seed_demo, after clauses.demo). Idempotent.

The contractor of both territories' works markets gets, from the Bassin dijonnais
facilitator, the hiring plan it sent and the site visit where it was discussed, through
the domain operations (clauses.operations.company_followup). A company that already has a
document or a meeting is left as it is.
"""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from clauses.enums import ExchangedDocumentKind, ExchangeDirection, FollowUpContactKind
from clauses.models import ExchangedDocument, FollowUpMeeting, Market
from clauses.operations import company_followup
from portal.core import documents
from portal.core.documents import Block

COMPANY_SLUG = "demo-batiments-exemple"
MARKET_REFERENCE = "DEMO-DIJ-06"


def seed(organisations, facilitator) -> None:
    company = organisations.get(COMPANY_SLUG)
    if company is None:
        return
    today = timezone.localdate()
    if not ExchangedDocument.objects.filter(company=company).exists():
        market = Market.objects.filter(reference=MARKET_REFERENCE,
                                       lots__contractor=company).first()
        plan = documents.to_docx("Planning d'embauche (fictif)", [
            Block("title", "Planning d'embauche — Bâtiments Exemple SAS (fictif)"),
            Block("text", "Deux manœuvres en avril, un maçon en contrat de "
                          "professionnalisation en juin (données de démonstration)."),
        ])
        company_followup.add_document(
            facilitator, company, title="Planning d'embauche du chantier",
            kind=ExchangedDocumentKind.HIRING_PLAN, direction=ExchangeDirection.RECEIVED,
            exchanged_on=today - datetime.timedelta(days=20), market=market,
            comment="Reçu par courriel du conducteur de travaux (fictif).",
            uploaded_file=ContentFile(plan, name="planning-embauche.docx"),
        )
    if not FollowUpMeeting.objects.filter(company=company).exists():
        company_followup.add_meeting(
            facilitator, company, kind=FollowUpContactKind.SITE_VISIT,
            held_on=today - datetime.timedelta(days=10),
            contact=company.contacts.order_by("pk").first(),
            attendees="Facilitatrice du Bassin dijonnais, conducteur de travaux",
            summary=("Visite du chantier : le planning d'embauche est tenu ; deux candidats "
                     "du PLIE sont proposés pour avril (données de démonstration)."),
            next_step_on=today + datetime.timedelta(days=20),
        )
