"""The upload form of the import screens."""

from django import forms
from django.core.exceptions import ValidationError

from clauses.imports.reading import FORMATS, UnreadableFile, format_of
from portal.core.uploads import validate_upload


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
