"""Forms of the company records (/espace/entreprises/): the search, a company, a contact.
They read and render; clauses.operations.companies checks and writes."""

from django import forms

from clauses.forms.fields import OperationForm
from clauses.operations import companies
from network.enums import company_kind_choices
from network.models import Contact, Organisation


class CompanySearchForm(forms.Form):
    q = forms.CharField(
        label="Nom, SIRET ou commune", required=False, max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    type = forms.ChoiceField(label="Type", required=False,
                             choices=[("", "Tous"), *company_kind_choices()])


class CompanyForm(OperationForm):
    website = forms.URLField(label="Site internet", required=False, max_length=200,
                             assume_scheme="https")

    class Meta:
        model = Organisation
        fields = list(companies.FIELDS)
        labels = {"name": "Raison sociale", "acronym": "Sigle ou nom commercial"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "---------"), *company_kind_choices()]
        self.fields["siret"].required = True
        self.fields["siret"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        # The operation reads the SIRET with its spaces left out ("123 456 789 00012").
        self.fields["siret"].max_length = None
        self.fields["siret"].widget.attrs.pop("maxlength", None)
        self.fields["siret"].validators = []


class ContactForm(OperationForm):
    class Meta:
        model = Contact
        fields = list(companies.CONTACT_FIELDS)
        labels = {"job_title": "Rôle ou fonction"}
