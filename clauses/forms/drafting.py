"""Forms of the clause's drafting and of the DCE's review (/espace/marches/<id>/redaction/).

They read and render; the operations (clauses.operations.drafting and .dce) check and
write. Choices are narrowed to what the operation accepts: the published templates of
the lot's legal basis, the market's own DCE documents.
"""

from django import forms

from clauses.enums import DceVerdict
from portal.core.vocabulary import LegalBasis

NO_CLAUSE = ("", "Pas de clause sur ce lot")


class BasisForm(forms.Form):
    legal_basis = forms.ChoiceField(
        label="Fondement retenu", choices=[NO_CLAUSE, *LegalBasis.choices], required=False
    )
    reason = forms.CharField(
        label="Motif", required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Obligatoire si vous retenez un autre fondement que celui suggéré.",
    )

    def __init__(self, *args, lot, initial_basis: str = "", **kwargs):
        kwargs.setdefault("prefix", f"lot{lot.pk}")
        super().__init__(*args, **kwargs)
        self.lot = lot
        self.fields["legal_basis"].initial = initial_basis


class TemplateForm(forms.Form):
    template = forms.TypedChoiceField(label="Modèle de clause", coerce=int, choices=())
    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, lot, templates, based_on: int = 0, **kwargs):
        kwargs.setdefault("prefix", f"modele{lot.pk}")
        super().__init__(*args, **kwargs)
        self.lot = lot
        self.templates = list(templates)
        self.fields["template"].choices = [(t.id, t.title) for t in self.templates]
        self.fields["based_on"].initial = based_on


class ArticleForm(forms.Form):
    text = forms.CharField(
        label="Texte de l'article", widget=forms.Textarea(attrs={"rows": 14}),
        help_text="Les éléments entre crochets restent à compléter.",
    )
    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class DceUploadForm(forms.Form):
    title = forms.CharField(
        label="Titre du document", max_length=200,
        help_text="Par exemple « CCAP » ou « Règlement de la consultation ».",
    )
    file = forms.FileField(label="Fichier")


class DceVersionForm(forms.Form):
    file = forms.FileField(label="Nouvelle version")
    note = forms.CharField(
        label="Réponse aux remarques", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, document, **kwargs):
        kwargs.setdefault("prefix", f"doc{document.pk}")
        super().__init__(*args, **kwargs)
        self.document = document


class ReviewForm(forms.Form):
    """The review of the DCE's current versions, with a comment field per document."""

    verdict = forms.ChoiceField(label="Avis", choices=DceVerdict.choices,
                                widget=forms.RadioSelect)
    comment = forms.CharField(
        label="Commentaire général", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.versions = list(versions)
        for version in self.versions:
            self.fields[f"document_{version.document_id}"] = forms.CharField(
                label=f"Commentaire sur « {version.document.title} » (version "
                      f"{version.number})",
                required=False, widget=forms.Textarea(attrs={"rows": 2}),
            )

    def document_comments(self) -> dict[int, str]:
        return {
            version.document_id: self.cleaned_data.get(f"document_{version.document_id}", "")
            for version in self.versions
        }

    def document_fields(self):
        return [self[f"document_{v.document_id}"] for v in self.versions]
