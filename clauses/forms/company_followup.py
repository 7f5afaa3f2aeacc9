"""Forms of a company's follow-up (/espace/entreprises/<id>/): a document exchanged with it,
a meeting, call, site visit or e-mail with it. They read and render;
clauses.operations.company_followup checks and writes (its French messages land on these
fields), so no field is required here."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from clauses.enums import ExchangedDocumentKind, ExchangeDirection, FollowUpContactKind
from clauses.forms.fields import DATE_INPUT
from clauses.operations import company_followup

BLANK = [("", "---------")]


def _date(label: str, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, required=False, widget=DATE_INPUT, **kwargs)


class ExchangedDocumentForm(forms.Form):
    title = forms.CharField(label="Titre", required=False, max_length=200)
    kind = forms.ChoiceField(label="Type de document", required=False,
                             choices=[*BLANK, *ExchangedDocumentKind.choices])
    direction = forms.ChoiceField(label="Sens", required=False,
                                  choices=ExchangeDirection.choices, widget=forms.RadioSelect)
    exchanged_on = _date("Date de réception ou d'envoi")
    market = forms.ModelChoiceField(label="Marché concerné", required=False, queryset=None,
                                    empty_label="Aucun en particulier")
    comment = forms.CharField(label="Commentaire", required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    file = forms.FileField(label="Fichier", required=False)

    def __init__(self, *args, user, company, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exchanged_on"].initial = timezone.localdate()
        self.fields["market"].queryset = company_followup.market_choices(user, company)
        extensions = ", ".join(f".{ext}" for ext in settings.ALLOWED_UPLOAD_EXTENSIONS)
        self.fields["file"].help_text = (
            f"{extensions} ; {filesizeformat(settings.UPLOAD_MAX_SIZE)} au plus."
        )
        self.fields["file"].widget.attrs["accept"] = ",".join(
            f".{ext}" for ext in settings.ALLOWED_UPLOAD_EXTENSIONS
        )

    def operation_values(self) -> dict:
        data = self.cleaned_data
        return {name: data.get(name) for name in (
            "title", "kind", "direction", "exchanged_on", "market", "comment")
        } | {"uploaded_file": data.get("file")}


class FollowUpMeetingForm(forms.Form):
    kind = forms.ChoiceField(label="Type d'échange", required=False,
                             choices=[*BLANK, *FollowUpContactKind.choices])
    held_on = _date("Date")
    contact = forms.ModelChoiceField(label="Contact de l'entreprise", required=False,
                                     queryset=None, empty_label="Aucun contact enregistré")
    attendees = forms.CharField(
        label="Participants", required=False, max_length=255,
        help_text="Par exemple : facilitatrice, conducteur de travaux, responsable RH.",
    )
    summary = forms.CharField(label="Compte rendu", required=False,
                              widget=forms.Textarea(attrs={"rows": 5}))
    next_step_on = _date("Prochaine étape le",
                         help_text="Facultatif : la date d'une relance ou d'un rendez-vous prévu.")

    def __init__(self, *args, company, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()
        self.fields["contact"].queryset = company_followup.contact_choices(company)

    def operation_values(self) -> dict:
        data = self.cleaned_data
        return {name: data.get(name) for name in (
            "kind", "held_on", "contact", "attendees", "summary", "next_step_on")}
