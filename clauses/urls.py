# Paths are written in full (this module is included at the root) so that one
# app can own a prefix such as espace/marches/ inside the members' area.
from django.urls import path

from clauses.listings.base import Listing
from clauses.listings.markets import ForecastListing, MarketListing
from clauses.listings.outcomes import OutcomesDueListing
from clauses.listings.people import BeneficiaryListing, HoursListing, PlacementListing
from clauses.views import (
    beneficiaries,
    companies,
    company_followup,
    company_space,
    drafting,
    globalisation,
    hours_review,
    markets,
    placements,
    proofs,
    proposals,
)
from clauses.views import bilans as bilan_views
from clauses.views import documents as document_views
from clauses.views import imports as import_views
from clauses.views import personal_data as personal_data_views
from clauses.views.calculator import calculator_page
from clauses.views.listings import listing_export, listing_page

app_name = "clauses"


def _listing(route: str, listing: Listing, page: bool = True) -> list:
    """A listing's page at `route` and its files at `route`export.xlsx and .csv."""
    extra = {"listing": listing}
    paths = [path(f"{route}export.<str:fmt>", listing_export, extra,
                  name=f"{listing.key}_export")]
    if page:
        paths.append(path(route, listing_page, extra, name=listing.key))
    return paths


urlpatterns: list = [
    path("outils/calculateur-heures/", calculator_page, name="calculator"),
    # Market follow-up (members' area).
    path("espace/marches/", markets.market_list, name="market_list"),
    path("espace/marches/a-suivre/", markets.attention_page, name="attention"),
    path("espace/marches/prevision/", markets.forecast_create, name="forecast_create"),
    path("espace/marches/<int:pk>/", markets.market_detail, name="market_detail"),
    path("espace/marches/<int:pk>/modifier/", markets.market_edit, name="market_edit"),
    path("espace/marches/<int:pk>/prevision/", markets.forecast_edit, name="forecast_edit"),
    path("espace/marches/<int:pk>/etude/", markets.market_assess, name="market_assess"),
    path("espace/marches/<int:pk>/etat/", markets.market_status, name="market_status"),
    path("espace/marches/<int:pk>/lots/nouveau/", markets.lot_create, name="lot_create"),
    path("espace/marches/<int:pk>/clauses/nouvelle/", markets.clause_edit,
         name="clause_create"),
    path("espace/marches/<int:pk>/clauses/<int:clause_pk>/modifier/", markets.clause_edit,
         name="clause_edit"),
    # The clause's drafting with the buyer and the DCE's review before publication.
    path("espace/marches/<int:pk>/redaction/", drafting.drafting_page, name="market_drafting"),
    path("espace/marches/<int:pk>/redaction/lots/<int:lot_pk>/fondement/", drafting.lot_basis,
         name="lot_basis"),
    path("espace/marches/<int:pk>/redaction/lots/<int:lot_pk>/modele/", drafting.lot_template,
         name="lot_template"),
    path("espace/marches/<int:pk>/redaction/lots/<int:lot_pk>/texte/", drafting.lot_article,
         name="lot_article"),
    path("espace/marches/<int:pk>/redaction/clause.<str:fmt>", drafting.draft_export,
         name="draft_export"),
    path("espace/marches/<int:pk>/dce/", drafting.dce_upload, name="dce_upload"),
    path("espace/marches/<int:pk>/dce/<int:document_pk>/nouvelle-version/",
         drafting.dce_new_version, name="dce_new_version"),
    path("espace/marches/<int:pk>/dce/versions/<int:version_pk>/", drafting.dce_download,
         name="dce_download"),
    path("espace/marches/<int:pk>/dce/relecture/", drafting.dce_review, name="dce_review"),
    path("espace/marches/<int:pk>/placements/nouveau/", placements.placement_create,
         name="placement_create"),
    path("espace/marches/placements/<int:pk>/", placements.placement_detail,
         name="placement_detail"),
    path("espace/marches/placements/<int:pk>/modifier/", placements.placement_edit,
         name="placement_edit"),
    path("espace/marches/placements/<int:placement_pk>/heures/nouvelles/",
         placements.declaration_edit, name="declaration_create"),
    path("espace/marches/heures/<int:pk>/modifier/", placements.declaration_edit,
         name="declaration_edit"),
    path("espace/marches/placements/<int:placement_pk>/sorties/nouvelle/",
         placements.outcome_create, name="outcome_create"),
    path("espace/beneficiaires/nouveau/", beneficiaries.beneficiary_create,
         name="beneficiary_create"),
    path("espace/beneficiaires/journal/", beneficiaries.audit_log, name="audit_log"),
    path("espace/beneficiaires/<str:pseudonym>/", beneficiaries.beneficiary_detail,
         name="beneficiary_detail"),
    path("espace/beneficiaires/<str:pseudonym>/modifier/", beneficiaries.beneficiary_edit,
         name="beneficiary_edit"),
    path("espace/beneficiaires/<str:pseudonym>/valider/", beneficiaries.beneficiary_validate,
         name="beneficiary_validate"),
    path("espace/beneficiaires/<str:pseudonym>/fusionner/", beneficiaries.beneficiary_merge,
         name="beneficiary_merge"),
    path("espace/beneficiaires/<str:pseudonym>/justificatifs/nouveau/", proofs.proof_create,
         name="proof_create"),
    path("espace/beneficiaires/<str:pseudonym>/justificatifs/<int:pk>/", proofs.proof_download,
         name="proof_download"),
    path("espace/beneficiaires/<str:pseudonym>/justificatifs/<int:pk>/supprimer/",
         proofs.proof_delete, name="proof_delete"),
    # Company records (contractors and employers) and a company's page.
    path("espace/entreprises/", companies.company_list, name="company_list"),
    path("espace/entreprises/nouvelle/", companies.company_create, name="company_create"),
    path("espace/entreprises/<int:pk>/", companies.company_detail, name="company_detail"),
    path("espace/entreprises/<int:pk>/modifier/", companies.company_edit, name="company_edit"),
    path("espace/entreprises/<int:pk>/contacts/nouveau/", companies.contact_edit,
         name="contact_create"),
    path("espace/entreprises/<int:pk>/contacts/<int:contact_pk>/modifier/",
         companies.contact_edit, name="contact_edit"),
    path("espace/entreprises/<int:pk>/contacts/<int:contact_pk>/supprimer/",
         companies.contact_delete, name="contact_delete"),
    path("espace/entreprises/<int:pk>/inviter/", company_space.company_invite,
         name="company_invite"),
    # A company's follow-up: documents exchanged with it, meetings with it.
    path("espace/entreprises/<int:pk>/documents/nouveau/", company_followup.document_create,
         name="company_document_create"),
    path("espace/entreprises/<int:pk>/documents/<int:document_pk>/",
         company_followup.document_download, name="company_document_download"),
    path("espace/entreprises/<int:pk>/documents/<int:document_pk>/supprimer/",
         company_followup.document_delete, name="company_document_delete"),
    path("espace/entreprises/<int:pk>/echanges/nouveau/", company_followup.meeting_create,
         name="company_meeting_create"),
    path("espace/entreprises/<int:pk>/echanges/<int:meeting_pk>/supprimer/",
         company_followup.meeting_delete, name="company_meeting_delete"),
    # The company referent's space, and the invitation's link (public: the token decides).
    path("espace/entreprise/", company_space.company_space, name="company_space"),
    path("compte/invitation-entreprise/<str:token>/", company_space.company_invitation,
         name="company_invitation"),
    path("espace/entreprise/embauches/nouvelle/", proposals.proposal_create,
         name="proposal_create"),
    path("espace/marches/embauches/", proposals.proposal_list, name="proposal_list"),
    path("espace/marches/embauches/<int:pk>/ouvrir/", proposals.proposal_accept,
         name="proposal_accept"),
    path("espace/marches/embauches/<int:pk>/refuser/", proposals.proposal_refuse,
         name="proposal_refuse"),
    # Hours declared by companies, awaiting the facilitator.
    path("espace/marches/heures/a-valider/", hours_review.hours_awaiting,
         name="hours_awaiting"),
    path("espace/marches/heures/<int:pk>/valider/", hours_review.hours_validate,
         name="hours_validate"),
    path("espace/marches/heures/<int:pk>/refuser/", hours_review.hours_reject,
         name="hours_reject"),
    # Imports of hours and forecasts, and the right-of-access export.
    path("espace/marches/import/", import_views.hours_import, name="hours_import"),
    path("espace/marches/import/modele.<str:fmt>", import_views.hours_import_template,
         name="hours_import_template"),
    path("espace/marches/prevision/import/", import_views.forecast_import, name="forecast_import"),
    path("espace/marches/decp/import/", import_views.decp_import, name="decp_import"),
    path("espace/marches/prevision/import/modele.<str:fmt>", import_views.forecast_import_template,
         name="forecast_import_template"),
    path("espace/beneficiaires/<str:pseudonym>/donnees-personnelles.json",
         personal_data_views.beneficiary_export, name="beneficiary_export"),
]

# The lists of the members' area and their files (clauses.listings), and the screens of
# globalisation agreements.
urlpatterns += [
    *_listing("espace/marches/", MarketListing(), page=False),
    *_listing("espace/marches/previsions/", ForecastListing()),
    *_listing("espace/marches/placements/", PlacementListing()),
    *_listing("espace/marches/heures/", HoursListing()),
    *_listing("espace/marches/sorties/", OutcomesDueListing()),
    *_listing("espace/beneficiaires/", BeneficiaryListing()),
    path("espace/marches/globalisation/", globalisation.globalisation_list,
         name="globalisation_list"),
    path("espace/marches/globalisation/nouvel-accord/", globalisation.globalisation_create,
         name="globalisation_create"),
    path("espace/marches/globalisation/<int:pk>/modifier/", globalisation.globalisation_edit,
         name="globalisation_edit"),
    path("espace/marches/globalisation/<int:pk>/supprimer/", globalisation.globalisation_end,
         name="globalisation_end"),
]

# Bilans (members' area) and the public key figures.
urlpatterns += [
    path("espace/bilans/", bilan_views.bilan_page, name="bilans"),
    path("espace/bilans/export.<str:fmt>", bilan_views.bilan_export, name="bilan_export"),
    path("espace/bilans/conventions/<slug:slug>/", bilan_views.convention_bilan,
         name="convention_bilan"),
    path("reseau/chiffres-cles/", bilan_views.key_figures_page, name="key_figures"),
    path("reseau/chiffres-cles.csv", bilan_views.key_figures_csv, name="key_figures_csv"),
]

# Documents: a market's bilan for its buyer, its comment, its hours template; a
# convention's yearly bilan.
urlpatterns += [
    path("espace/marches/<int:pk>/bilan.<str:fmt>", document_views.market_bilan_document,
         name="market_bilan_document"),
    path("espace/marches/<int:pk>/bilan/commentaire/", document_views.market_bilan_comment,
         name="market_bilan_comment"),
    path("espace/marches/<int:pk>/heures/modele.xlsx", document_views.market_hours_template,
         name="market_hours_template"),
    path("espace/bilans/conventions/<slug:slug>/bilan.pdf", document_views.convention_bilan_pdf,
         name="convention_bilan_pdf"),
]
