"""Forms of the people followed (/espace/beneficiaires/): beneficiaries, their
placements, monthly hours and outcomes.

Choices offered to a person are always narrowed by network.permissions: a form
never lists a beneficiary or clause the person may not act on.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from clauses.enums import (
    EligibilityCriterion,
)
from clauses.forms.fields import (
    FrenchDecimalField,
    MonthField,
    PseudonymChoiceField,
    VersionedForm,
    date_widgets,
)
from clauses.imports.checks import hours_errors
from clauses.models import (
    Beneficiary,
    Clause,
    HoursDeclaration,
    Outcome,
    Placement,
)
from network.enums import OrganisationKind
from network.models import Organisation, Territory
from network.permissions import Action, filter_queryset

EMPLOYER_KINDS = (
    OrganisationKind.COMPANY, OrganisationKind.SIAE_EI, OrganisationKind.SIAE_AI,
    OrganisationKind.SIAE_ACI, OrganisationKind.SIAE_ETTI, OrganisationKind.SIAE_EITI,
    OrganisationKind.GEIQ, OrganisationKind.EA_ESAT,
)


class BeneficiaryForm(VersionedForm):
    criteria = forms.MultipleChoiceField(
        label="Critères d'éligibilité", choices=EligibilityCriterion.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
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
        self.fields["territory"].queryset = filter_queryset(
            user, Action.CHANGE, Territory.objects.all()
        )
        self.fields["prescriber"].queryset = Organisation.objects.filter(
            kind=OrganisationKind.PRESCRIBER
        )
        if self.instance.pk:
            self.initial["criteria"] = list(
                self.instance.criteria.values_list("criterion", flat=True)
            )

    def clean_birth_date(self):
        birth_date = self.cleaned_data.get("birth_date")
        if birth_date and birth_date > timezone.localdate():
            raise ValidationError("La date de naissance ne peut pas être dans le futur.")
        if birth_date and birth_date < datetime.date(1900, 1, 1):
            raise ValidationError("Vérifiez l'année de naissance.")
        return birth_date

    def changed_personal_fields(self) -> list[str]:
        return [name for name in self.changed_data if name != "version"]


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
        beneficiaries = filter_queryset(user, Action.CHANGE, Beneficiary.objects.all())
        personal = filter_queryset(user, Action.VIEW_PERSONAL_DATA, Beneficiary.objects.all())
        field = self.fields["beneficiary"]
        field.queryset = beneficiaries.filter(anonymised_at__isnull=True)
        field.personal_ids = frozenset(personal.values_list("pk", flat=True))
        self.fields["clause"].queryset = market.clauses.select_related("lot", "market")
        self.fields["employer"].queryset = Organisation.objects.filter(kind__in=EMPLOYER_KINDS)


class DeclarationForm(VersionedForm):
    month = MonthField(label="Mois")

    class Meta:
        model = HoursDeclaration
        fields = ["month", "hours_worked", "training_hours", "credited_clause"]
        field_classes = {"hours_worked": FrenchDecimalField, "training_hours": FrenchDecimalField}

    def __init__(self, *args, placement, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.placement = placement
        # model_to_dict puts credited_clause=None in the initial data of a new
        # declaration, so a setdefault would never apply the placement's clause.
        if not self.instance.pk and not self.initial.get("credited_clause"):
            self.initial["credited_clause"] = placement.clause_id
        self.fields["credited_clause"].queryset = Clause.objects.filter(
            pk=placement.clause_id
        ) | Clause.objects.filter(
            globalisations__clauses=placement.clause_id
        ).select_related("market", "lot")
        self.fields["credited_clause"].queryset = self.fields["credited_clause"].queryset.distinct()

    def clean(self):
        cleaned = super().clean()
        worked, training = cleaned.get("hours_worked"), cleaned.get("training_hours")
        # The same limits as the import and the API (one rule for every entry path).
        field_of = {"heures": "hours_worked", "heures_formation": "training_hours"}
        for name, message in hours_errors(worked, training).items():
            self.add_error(field_of[name], message)
        month = cleaned.get("month")
        if month and (
            HoursDeclaration.objects.filter(placement=self.instance.placement, month=month)
            .exclude(pk=self.instance.pk).exists()
        ):
            self.add_error("month", "Les heures de ce mois sont déjà déclarées pour ce "
                                    "placement : modifiez la déclaration existante.")
        return cleaned


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Outcome
        fields = ["moment", "category", "observed_on", "notes"]
        widgets = date_widgets("observed_on")

    def __init__(self, *args, placement, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.placement = placement
        self.fields["observed_on"].initial = timezone.localdate()

    def clean_moment(self):
        moment = self.cleaned_data["moment"]
        outcomes = Outcome.objects.filter(placement=self.instance.placement, moment=moment)
        if outcomes.exclude(pk=self.instance.pk).exists():
            raise ValidationError("Cette sortie est déjà renseignée pour ce placement.")
        return moment

    def clean_observed_on(self):
        observed_on = self.cleaned_data["observed_on"]
        if observed_on > timezone.localdate():
            raise ValidationError("Une sortie se constate : la date ne peut pas être à venir.")
        return observed_on
