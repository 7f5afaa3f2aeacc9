"""Wagtail admin screens of the market follow-up (registered in wagtail_hooks.py).

Every model uses network.permissions' AnchoredPermissionPolicy (registered by
`register_policies`, from ClausesConfig.ready): listings show and edit screens open
only what the policy opens to the user. Status changes are not edited here: they go
through the market page (clauses.pipeline), which keeps the history. Beneficiaries'
records are not in the admin at all: their screens log every view of personal data.
"""

from django.core.exceptions import ValidationError
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import policy_registry, register_permission_policy

from clauses.admin_views import Operations, OperationViewSet
from clauses.enums import ClauseHoursMode
from clauses.models import (
    Beneficiary,
    BeneficiaryCriterion,
    Clause,
    EligibilityProof,
    GlobalisationAgreement,
    HoursDeclaration,
    Lot,
    Market,
    MarketStatusChange,
    Outcome,
    PersonalDataLog,
    Placement,
)
from clauses.operations import declarations as declaration_ops
from clauses.operations import globalisation as globalisation_ops
from clauses.operations import markets as market_ops
from clauses.operations import placements as placement_ops
from network.admin_forms import AnchoredAdminForm
from network.models import Territory
from network.permissions import (
    Action,
    AnchoredPermissionPolicy,
    assignable_facilitators,
    filter_queryset,
)
from network.viewsets import AnchoredIndexView

ANCHORED_MODELS = (
    Market, MarketStatusChange, Lot, Clause, GlobalisationAgreement, Beneficiary,
    BeneficiaryCriterion, EligibilityProof, Placement, HoursDeclaration, Outcome,
    PersonalDataLog,
)


def register_policies() -> None:
    for model in ANCHORED_MODELS:
        if not isinstance(
            policy_registry.get_by_type(model, fallback=False), AnchoredPermissionPolicy
        ):
            register_permission_policy(model, AnchoredPermissionPolicy(model), exact_class=True)


class MarketAdminForm(AnchoredAdminForm):
    """The lead territory among those the user follows; any public buyer and any other
    territory (a market bought by anyone may concern a neighbouring territory)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None:
            self.fields["lead_territory"].queryset = market_ops.lead_choices(
                self.for_user, self.instance
            )
            self.fields["buyer"].queryset = market_ops.buyer_choices()
            self.fields["territories"].queryset = Territory.objects.all()
            if "facilitator" in self.fields and self.instance.pk:
                self.fields["facilitator"].queryset = assignable_facilitators(
                    self.for_user, self.instance
                )


class ContractorAdminForm(AnchoredAdminForm):
    """A lot's contractor, or a globalisation agreement's company: companies only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "contractor" in self.fields:
            self.fields["contractor"].queryset = market_ops.contractor_choices()


class PlacementAdminForm(AnchoredAdminForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None:
            self.fields["beneficiary"].queryset = placement_ops.beneficiary_choices(self.for_user)
            self.fields["clause"].queryset = placement_ops.clause_choices(self.for_user)
            self.fields["employer"].queryset = placement_ops.employer_choices()


class DeclarationAdminForm(AnchoredAdminForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None:
            self.fields["placement"].queryset = filter_queryset(
                self.for_user, Action.DECLARE, Placement.objects.all()
            )
            clauses = (
                declaration_ops.credit_choices(self.for_user, self.instance.placement)
                if self.instance.placement_id
                else filter_queryset(self.for_user, Action.VIEW, Clause.objects.all())
            )
            self.fields["credited_clause"].queryset = clauses


def _values(form, *names):
    return {name: form.cleaned_data.get(name) for name in names if name in form.cleaned_data}


MARKET_FIELDS = tuple(name for name in market_ops.FIELDS if name not in ("feasibility",
                                                                           "feasibility_reason"))


class MarketOperations(Operations):
    def create(self, actor, form):
        data = _values(form, *MARKET_FIELDS)
        return market_ops.create_market(
            actor, territories=form.cleaned_data.get("territories", ()), **data
        )

    def update(self, actor, market, form):
        market_ops.edit_market(
            actor, market, version=None, territories=form.cleaned_data.get("territories"),
            **_values(form, *market_ops.FIELDS),
        )

    def delete(self, actor, market):
        market_ops.delete_market(actor, market)


class LotOperations(Operations):
    fields = ("number", "title", "amount", "contractor")

    def create(self, actor, form):
        market = form.cleaned_data["market"]
        return market_ops.save_lot(actor, market, None, **_values(form, *self.fields))

    def update(self, actor, lot, form):
        market = form.cleaned_data.get("market") or lot.market
        if market.pk != lot.market_id:
            raise ValidationError({"market": [market_ops.MESSAGE_LOT_OF_OTHER_MARKET]})
        market_ops.save_lot(actor, market, lot, **_values(form, *self.fields))

    def delete(self, actor, lot):
        market_ops.delete_lot(actor, lot)


class ClauseOperations(Operations):
    def _hours(self, form, clause) -> dict:
        data = _values(form, "lot", "legal_basis", "hours_mode", "starts_on", "ends_on", "notes")
        if data.get("hours_mode") == ClauseHoursMode.CALCULATED and clause and (
            clause.calculator_inputs
        ):
            data["calculator_inputs"] = clause.calculator_inputs
        else:
            # Hours typed in the admin are a fixed figure: the calculator is on the
            # market's page.
            data["hours_mode"] = ClauseHoursMode.FIXED
            data["fixed_hours"] = form.cleaned_data.get("required_hours")
        return data

    def create(self, actor, form):
        return market_ops.save_clause(actor, form.cleaned_data["market"], None,
                                      **self._hours(form, None))

    def update(self, actor, clause, form):
        market = form.cleaned_data.get("market") or clause.market
        if market.pk != clause.market_id:
            raise ValidationError({"market": ["Une clause ne change pas de marché."]})
        market_ops.save_clause(actor, market, clause, **self._hours(form, clause))

    def delete(self, actor, clause):
        market_ops.delete_clause(actor, clause)


class GlobalisationOperations(Operations):
    def _data(self, form):
        return {
            "title": form.cleaned_data.get("title", ""),
            "contractor": form.cleaned_data.get("contractor"),
            "clauses": form.cleaned_data.get("clauses", ()),
            "signed_on": form.cleaned_data.get("signed_on"),
            "notes": form.cleaned_data.get("notes", ""),
        }

    def create(self, actor, form):
        return globalisation_ops.agree_globalisation(actor, **self._data(form))

    def update(self, actor, agreement, form):
        globalisation_ops.agree_globalisation(actor, agreement=agreement, **self._data(form))

    def delete(self, actor, agreement):
        globalisation_ops.end_globalisation(actor, agreement)


class PlacementOperations(Operations):
    def create(self, actor, form):
        return placement_ops.open_placement(actor, **_values(form, *placement_ops.FIELDS))

    def update(self, actor, placement, form):
        placement_ops.change_placement(actor, placement, version=None,
                                       **_values(form, *placement_ops.FIELDS))

    def delete(self, actor, placement):
        placement_ops.delete_placement(actor, placement)


class DeclarationOperations(Operations):
    fields = ("month", "hours_worked", "training_hours", "credited_clause")

    def create(self, actor, form):
        return declaration_ops.declare_hours(
            actor, form.cleaned_data["placement"], **_values(form, *self.fields)
        )

    def update(self, actor, declaration, form):
        placement = form.cleaned_data.get("placement") or declaration.placement
        if placement.pk != declaration.placement_id:
            raise ValidationError({"placement": ["Une déclaration ne change pas de placement."]})
        declaration_ops.correct_hours(actor, declaration, version=None,
                                      **_values(form, *self.fields))

    def delete(self, actor, declaration):
        declaration_ops.delete_declaration(actor, declaration)


class OutcomeOperations(Operations):
    fields = ("moment", "category", "observed_on", "notes")

    def create(self, actor, form):
        return placement_ops.record_outcome(
            actor, form.cleaned_data["placement"], **_values(form, *self.fields)
        )

    def update(self, actor, outcome, form):
        placement_ops.record_outcome(actor, outcome.placement, outcome=outcome,
                                     **_values(form, *self.fields))

    def delete(self, actor, outcome):
        placement_ops.delete_outcome(actor, outcome)


class MarketIndexView(AnchoredIndexView):
    def get_base_queryset(self):
        # Each row names its buyer, territory and facilitator: read with the rows.
        return super().get_base_queryset().select_related(
            "buyer", "lead_territory", "facilitator"
        )


class MarketViewSet(OperationViewSet):
    operations = MarketOperations()
    model = Market
    index_view_class = MarketIndexView
    icon = "list-ul"
    menu_label = "Marchés"
    list_display = ["reference", "title", "buyer", "lead_territory", "status"]
    list_export = [
        "reference", "title", "buyer", "lead_territory", "programme_year",
        "get_category_display", "get_status_display", "estimated_amount",
        "decp_consideration", "facilitator", "execution_starts_on", "execution_ends_on",
    ]
    export_headings = {
        "get_category_display": "Catégorie", "get_status_display": "État",
        "decp_consideration": "Considération sociale (DECP)",
    }
    export_filename = "marches"
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


class LotViewSet(OperationViewSet):
    operations = LotOperations()
    model = Lot
    icon = "table"
    menu_label = "Lots"
    list_display = ["market", "number", "title", "contractor"]
    search_fields = ["title", "market__reference"]
    search_backend_name = None
    edit_handler = ObjectList([
        FieldPanel("market"), FieldPanel("number"), FieldPanel("title"), FieldPanel("amount"),
        FieldPanel("contractor"),
    ], base_form_class=ContractorAdminForm)


class ClauseViewSet(OperationViewSet):
    operations = ClauseOperations()
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


class GlobalisationViewSet(OperationViewSet):
    operations = GlobalisationOperations()
    model = GlobalisationAgreement
    icon = "link"
    menu_label = "Accords de globalisation"
    list_display = ["title", "contractor", "signed_on"]
    search_fields = ["title"]
    search_backend_name = None
    edit_handler = ObjectList([
        FieldPanel("title"), FieldPanel("contractor"), FieldPanel("clauses"),
        FieldPanel("signed_on"), FieldPanel("notes"),
    ], base_form_class=ContractorAdminForm)


class PlacementViewSet(OperationViewSet):
    operations = PlacementOperations()
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


class HoursDeclarationViewSet(OperationViewSet):
    operations = DeclarationOperations()
    model = HoursDeclaration
    icon = "time"
    menu_label = "Heures déclarées"
    list_display = ["placement", "month", "hours_worked", "training_hours", "credited_clause"]
    edit_handler = ObjectList([
        FieldPanel("placement"), FieldPanel("month"), FieldPanel("hours_worked"),
        FieldPanel("training_hours"), FieldPanel("credited_clause"),
    ], base_form_class=DeclarationAdminForm)


class OutcomeViewSet(OperationViewSet):
    operations = OutcomeOperations()
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
