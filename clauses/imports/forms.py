"""The upload forms of the import screens."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from clauses.imports.reading import FORMATS, UnreadableFile, format_of
from portal.core.uploads import extension_of, validate_upload


class ImportForm(forms.Form):
    fichier = forms.FileField(
        label="Fichier à importer",
        help_text="Format CSV (séparateur point-virgule ou virgule) ou Excel (.xlsx).",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{f}" for f in FORMATS)}),
    )

    def clean_fichier(self):
        uploaded = self.cleaned_data["fichier"]
        try:
            format_of(uploaded.name)
        except UnreadableFile as error:
            raise ValidationError(str(error)) from None
        # The portal's one check of uploads: size, and content matching the extension.
        validate_upload(uploaded)
        return uploaded


class DecpImportForm(forms.Form):
    fichier = forms.FileField(
        label="Fichier des données essentielles (JSON)",
        help_text="Le fichier JSON tel qu'il est publié : {\"marches\": [...]}.",
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )

    def clean_fichier(self):
        uploaded = self.cleaned_data["fichier"]
        if extension_of(uploaded.name) != "json":
            raise ValidationError("Déposez un fichier .json (données essentielles publiées).")
        if uploaded.size > settings.UPLOAD_MAX_SIZE:
            raise ValidationError(
                f"Ce fichier est trop volumineux ({filesizeformat(uploaded.size)}) : la taille "
                f"maximale est {filesizeformat(settings.UPLOAD_MAX_SIZE)}."
            )
        if uploaded.size == 0:
            raise ValidationError("Ce fichier est vide.")
        return uploaded
