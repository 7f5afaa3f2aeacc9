"""Wagtail admin screens of the market follow-up (registered in wagtail_hooks.py).

Every model uses network.permissions' AnchoredPermissionPolicy (registered by
`register_policies`, from ClausesConfig.ready): listings show and edit screens open
only what the policy opens to the user. Status changes are not edited here: they go
through the market page (clauses.pipeline), which keeps the history. Beneficiaries'
records are not in the admin at all: their screens log every view of personal data.
"""

from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import policy_registry, register_permission_policy

from clauses.models import (
    Beneficiary,
    BeneficiaryCriterion,
    Clause,
    GlobalisationAgreement,
    HoursDeclaration,
    Lot,
    Market,
    MarketStatusChange,
    Outcome,
    PersonalDataLog,
    Placement,
)
from network.admin_forms import AnchoredAdminForm
from network.models import Organisation, Territory
from network.permissions import Action, AnchoredPermissionPolicy, filter_queryset
from network.viewsets import AnchoredViewSet

ANCHORED_MODELS = (
    Market, MarketStatusChange, Lot, Clause, GlobalisationAgreement, Beneficiary,
    BeneficiaryCriterion, Placement, HoursDeclaration, Outcome, PersonalDataLog,
)


def register_policies() -> None:
    for model in ANCHORED_MODELS:
        if not isinstance(
            policy_registry.get_by_type(model, fallback=False), AnchoredPermissionPolicy
        ):
            register_permission_policy(model, AnchoredPermissionPolicy(model), exact_class=True)


class MarketAdminForm(AnchoredAdminForm):
    """The lead territory is one the user follows; buyers and other territories are free
    (a market bought by anyone may concern a neighbouring territory)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None:
            self.fields["lead_territory"].queryset = filter_queryset(
                self.for_user, Action.CHANGE, Territory.objects.all()
            )
            self.fields["buyer"].queryset = Organisation.objects.all()
            self.fields["territories"].queryset = Territory.objects.all()


class PlacementAdminForm(AnchoredAdminForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None:
            self.fields["beneficiary"].queryset = filter_queryset(
                self.for_user, Action.CHANGE, Beneficiary.objects.all()
            )


class MarketViewSet(AnchoredViewSet):
    model = Market
    icon = "list-ul"
    menu_label = "Marchés"
    list_display = ["reference", "title", "buyer", "lead_territory", "status"]
    list_filter = ["status", "programme_year", "category"]
    search_fields = ["reference", "title"]
    search_backend_name = None
    edit_handler = ObjectList([
        FieldPanel("reference"), FieldPanel("title"), FieldPanel("buyer"),
        FieldPanel("lead_territory"), FieldPanel("territories"), FieldPanel("programme_year"),
        FieldPanel("category"), FieldPanel("cpv_code"), FieldPanel("procedure"),
        FieldPanel("estimated_amount"), FieldPanel("decp_consideration"),
        FieldPanel("facilitator"), FieldPanel("feasibility"), FieldPanel("feasibility_reason"),
        FieldPanel("forecast_received_on"), FieldPanel("facilitator_consulted_on"),
        FieldPanel("dce_planned_on"), FieldPanel("published_on"), FieldPanel("awarded_on"),
        FieldPanel("execution_starts_on"), FieldPanel("execution_ends_on"), FieldPanel("notes"),
    ], base_form_class=MarketAdminForm)


class LotViewSet(AnchoredViewSet):
    model = Lot
    icon = "table"
    menu_label = "Lots"
    list_display = ["market", "number", "title", "contractor"]
    search_fields = ["title", "market__reference"]
    search_backend_name = None
    edit_handler = ObjectList([
        FieldPanel("market"), FieldPanel("number"), FieldPanel("title"), FieldPanel("amount"),
        FieldPanel("contractor"),
    ], base_form_class=AnchoredAdminForm)


class ClauseViewSet(AnchoredViewSet):
    model = Clause
    icon = "doc-full"
    menu_label = "Clauses"
    list_display = ["market", "lot", "legal_basis", "required_hours"]
    list_filter = ["legal_basis", "hours_mode"]
    search_fields = ["market__reference", "market__title"]
    search_backend_name = None
    edit_handler = ObjectList([
        FieldPanel("market"), FieldPanel("lot"), FieldPanel("legal_basis"),
        FieldPanel("hours_mode"), FieldPanel("formula"), FieldPanel("required_hours"),
        FieldPanel("starts_on"), FieldPanel("ends_on"), FieldPanel("notes"),
    ], base_form_class=AnchoredAdminForm)


class GlobalisationViewSet(AnchoredViewSet):
    model = GlobalisationAgreement
    icon = "link"
    menu_label = "Accords de globalisation"
    list_display = ["title", "contractor", "signed_on"]
    search_fields = ["title"]
    search_backend_name = None
    edit_handler = ObjectList([
        FieldPanel("title"), FieldPanel("contractor"), FieldPanel("clauses"),
        FieldPanel("signed_on"), FieldPanel("notes"),
    ], base_form_class=AnchoredAdminForm)


class PlacementViewSet(AnchoredViewSet):
    model = Placement
    icon = "user"
    menu_label = "Placements"
    list_display = ["beneficiary", "clause", "employer", "modality", "starts_on", "ends_on"]
    list_filter = ["modality", "contract_type"]
    edit_handler = ObjectList([
        FieldPanel("beneficiary"), FieldPanel("clause"), FieldPanel("employer"),
        FieldPanel("modality"), FieldPanel("contract_type"), FieldPanel("rome_code"),
        FieldPanel("job_label"), FieldPanel("starts_on"), FieldPanel("ends_on"),
    ], base_form_class=PlacementAdminForm)


class HoursDeclarationViewSet(AnchoredViewSet):
    model = HoursDeclaration
    icon = "time"
    menu_label = "Heures déclarées"
    list_display = ["placement", "month", "hours_worked", "training_hours", "credited_clause"]
    edit_handler = ObjectList([
        FieldPanel("placement"), FieldPanel("month"), FieldPanel("hours_worked"),
        FieldPanel("training_hours"), FieldPanel("credited_clause"),
    ], base_form_class=AnchoredAdminForm)


class OutcomeViewSet(AnchoredViewSet):
    model = Outcome
    icon = "success"
    menu_label = "Sorties"
    list_display = ["placement", "moment", "category", "observed_on"]
    list_filter = ["moment", "category"]
    edit_handler = ObjectList([
        FieldPanel("placement"), FieldPanel("moment"), FieldPanel("category"),
        FieldPanel("observed_on"), FieldPanel("notes"),
    ], base_form_class=AnchoredAdminForm)


class ClausesViewSetGroup(ViewSetGroup):
    menu_label = "Suivi des clauses"
    menu_icon = "list-ul"
    menu_order = 260
    items = (
        MarketViewSet("marches"),
        LotViewSet("lots-marches"),
        ClauseViewSet("clauses-sociales"),
        GlobalisationViewSet("accords-globalisation"),
        PlacementViewSet("placements"),
        HoursDeclarationViewSet("heures-declarees"),
        OutcomeViewSet("sorties"),
    )
