"""The members' form of a globalisation agreement (/espace/marches/globalisation/): it
reads and renders; clauses.operations.globalisation checks and writes."""

from django import forms
from django.db.models import Q

from clauses.forms.fields import OperationForm, date_widgets
from clauses.models import Clause, GlobalisationAgreement, Market
from clauses.operations.markets import CONTRACTOR_KINDS
from network.models import Organisation
from network.permissions import Action, filter_queryset


class ClauseChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, clause):
        lot = f"lot {clause.lot.number} ({clause.lot.contractor})" if clause.lot_id else "marché"
        return f"{clause.market.reference} — {lot} — {clause.required_hours:.0f} h exigées"


class GlobalisationForm(OperationForm):
    clauses = ClauseChoiceField(
        label="Clauses globalisées", queryset=Clause.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Au moins deux clauses de lots dont l'entreprise est titulaire, sur des "
        "marchés que vous pilotez.",
    )

    class Meta:
        model = GlobalisationAgreement
        fields = ["title", "contractor", "clauses", "signed_on", "notes"]
        widgets = date_widgets("signed_on")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The clauses of the markets the person leads, and those already in the agreement
        # (an agreement across territories keeps the others' clauses it holds).
        led = filter_queryset(user, Action.CHANGE, Market.objects.all()).values("pk")
        current = Q(pk__in=self.instance.clauses.values("pk")) if self.instance.pk else Q()
        clauses = Clause.objects.filter(Q(market__in=led, lot__contractor__isnull=False)
                                        | current)
        self.fields["clauses"].queryset = filter_queryset(
            user, Action.VIEW, clauses
        ).select_related("market", "lot__contractor").order_by("market__reference",
                                                               "lot__number", "pk")
        self.fields["contractor"].queryset = Organisation.objects.filter(
            kind__in=CONTRACTOR_KINDS, held_lots__clauses__in=clauses.values("pk"),
        ).distinct().order_by("name")
