"""StreamField blocks of the library's pages."""

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "document-link", "ol", "ul"]


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Titre", required=False, max_length=120)
    text = blocks.RichTextBlock(label="Texte", features=["bold", "italic", "link", "ul"])

    class Meta:
        icon = "warning"
        label = "Encadré"
        template = "resources/blocks/callout.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label="Document")
    label = blocks.CharBlock(label="Libellé", required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        label = "Document à télécharger"
        template = "resources/blocks/document_link.html"


class PublicationBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label="Texte riche", features=RICH_TEXT_FEATURES,
        template="resources/blocks/paragraph.html",
    )
    callout = CalloutBlock()
    document = DocumentLinkBlock()


class ClauseVariantBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Intitulé de la variante", max_length=200)
    when = blocks.TextBlock(label="Dans quel cas", required=False)
    text = blocks.TextBlock(
        label="Texte de la variante",
        help_text="Les éléments à compléter s'écrivent entre crochets, "
        "par exemple [nombre d'heures].",
    )

    class Meta:
        icon = "doc-empty"
        label = "Variante"


class ActionItemBlock(blocks.StructBlock):
    """An action decided in a meeting, as written in its minutes."""

    action = blocks.TextBlock(label="Action")
    owner = blocks.CharBlock(label="Responsable", required=False, max_length=200)
    due_on = blocks.DateBlock(label="Échéance", required=False)

    class Meta:
        icon = "tasks"
        label = "Action"
