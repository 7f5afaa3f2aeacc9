"""The Wagtail document form of the portal (settings.WAGTAILDOCS_DOCUMENT_FORM_BASE): every
document uploaded in the admin goes through the shared upload check."""

from wagtail.documents.forms import BaseDocumentForm

from portal.core.uploads import validate_upload


class DocumentForm(BaseDocumentForm):
    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        # Only a newly uploaded file is checked: editing a document's title keeps its file.
        if uploaded and "file" in self.changed_data:
            validate_upload(uploaded)
        return uploaded
