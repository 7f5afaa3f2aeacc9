"""Forms of the people followed (/espace/beneficiaires/): beneficiaries, their
placements, monthly hours and outcomes.

Choices offered to a person are always narrowed by network.permissions: a form
never lists a beneficiary or clause the person may not act on.
"""


from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from clauses.enums import (
    EligibilityCriterion,
    ProofKind,
)
from clauses.forms.fields import (
    FrenchDecimalField,
    MonthField,
    OperationForm,
    PseudonymChoiceField,
    VersionedForm,
    date_widgets,
)
from clauses.models import (
    Beneficiary,
    HoursDeclaration,
    Outcome,
    Placement,
)
from clauses.operations import declarations as declaration_ops
from clauses.operations import people
from clauses.operations import placements as placement_ops


class BeneficiaryForm(VersionedForm):
    criteria = forms.MultipleChoiceField(
        label="Critères d'éligibilité",
        # QPV residence is the tick below, its one source: the criterion follows it.
        choices=[(v, label) for v, label in EligibilityCriterion.choices
                 if v != EligibilityCriterion.QPV],
        required=False, widget=forms.CheckboxSelectMultiple,
    )
    confirm_duplicate = forms.BooleanField(
        label="Il s'agit bien d'une autre personne que la fiche signalée", required=False,
    )

    class Meta:
        model = Beneficiary
        fields = [
            "territory", "last_name", "first_name", "birth_date", "sex", "postal_code",
            "commune", "qpv_resident", "diploma_level", "criteria", "derogation",
            "derogation_justification", "prescriber", "prescriber_contact",
            "prescriber_opinion", "notes",
        ]
        widgets = date_widgets("birth_date")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = people.territory_choices(user)
        self.fields["prescriber"].queryset = people.prescriber_choices()
        self.duplicates = []
        if self.instance.pk:
            self.initial["criteria"] = sorted(
                people.criteria_of(self.instance) - {EligibilityCriterion.QPV}
            )

    def operation_values(self) -> dict:
        data = self.values(*(f for f in self._meta.fields if f != "criteria"))
        data["version"] = self.cleaned_data.get("version")
        data["criteria"] = self.cleaned_data.get("criteria", [])
        data["confirm_duplicate"] = self.cleaned_data.get("confirm_duplicate", False)
        return data

    def add_operation_errors(self, error, renamed=None):
        self.duplicates = getattr(error, "candidates", [])
        super().add_operation_errors(error, renamed)


class PlacementForm(VersionedForm):
    class Meta:
        model = Placement
        fields = [
            "beneficiary", "clause", "employer", "modality", "contract_type", "rome_code",
            "job_label", "starts_on", "ends_on",
        ]
        widgets = date_widgets("starts_on", "ends_on")
        field_classes = {"beneficiary": PseudonymChoiceField}

    def __init__(self, *args, user, market, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["beneficiary"]
        field.queryset = placement_ops.beneficiary_choices(user)
        # Those offered are the people the account follows: their names are shown.
        field.personal_ids = frozenset(field.queryset.values_list("pk", flat=True))
        self.fields["clause"].queryset = placement_ops.clause_choices(user, market)
        self.fields["employer"].queryset = placement_ops.employer_choices()


class DeclarationForm(VersionedForm):
    month = MonthField(label="Mois")

    class Meta:
        model = HoursDeclaration
        fields = ["month", "hours_worked", "training_hours", "credited_clause"]
        field_classes = {"hours_worked": FrenchDecimalField, "training_hours": FrenchDecimalField}

    def __init__(self, *args, placement, user, **kwargs):
        super().__init__(*args, **kwargs)
        # model_to_dict puts credited_clause=None in the initial data of a new
        # declaration, so a setdefault would never apply the placement's clause.
        if not self.instance.pk and not self.initial.get("credited_clause"):
            self.initial["credited_clause"] = placement.clause_id
        self.fields["credited_clause"].queryset = declaration_ops.credit_choices(user, placement)


class OutcomeForm(OperationForm):
    class Meta:
        model = Outcome
        fields = ["moment", "category", "observed_on", "notes"]
        widgets = date_widgets("observed_on")

    def __init__(self, *args, placement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["observed_on"].initial = timezone.localdate()


class MergeForm(forms.Form):
    other = forms.CharField(
        label="Pseudonyme de l'autre fiche de la même personne", max_length=20,
        help_text="Ses placements, heures et sorties passent sur cette fiche, puis elle est "
        "supprimée.",
    )


class ProofForm(forms.Form):
    """Reads a proof to add; clauses.operations.proofs checks the file and stores it."""

    criterion = forms.ChoiceField(label="Critère justifié")
    kind = forms.ChoiceField(label="Type de justificatif",
                             choices=[("", "---------"), *ProofKind.choices])
    file = forms.FileField(label="Fichier")

    def __init__(self, *args, beneficiary, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].choices = [
            (row.criterion, row.get_criterion_display()) for row in beneficiary.criteria.all()
        ]
        self.fields["file"].help_text = (
            f"PDF, PNG ou JPEG, {filesizeformat(settings.UPLOAD_MAX_SIZE)} au plus."
        )
        self.fields["file"].widget.attrs["accept"] = ".pdf,.png,.jpg,.jpeg"
