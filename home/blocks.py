from wagtail import blocks


class HeroBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Titre", max_length=200)
    text = blocks.TextBlock(label="Texte", required=False)
    link_label = blocks.CharBlock(label="Libellé du lien", required=False, max_length=80)
    link_url = blocks.CharBlock(label="Adresse du lien", required=False, max_length=300)

    class Meta:
        icon = "title"
        label = "Bandeau d'accueil"
        template = "home/blocks/hero.html"


class CardBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Titre", max_length=120)
    text = blocks.TextBlock(label="Texte", required=False)
    page = blocks.PageChooserBlock(label="Page liée", required=False)
    url = blocks.CharBlock(
        label="ou adresse", required=False, max_length=300,
        help_text="Pour une section qui n'est pas une page "
        "(par exemple /outils/calculateur-heures/).",
    )

    class Meta:
        icon = "doc-full"
        label = "Carte"


class CardsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label="Intitulé", required=False, max_length=120)
    cards = blocks.ListBlock(CardBlock(), label="Cartes")

    class Meta:
        icon = "grip"
        label = "Cartes vers les rubriques"
        template = "home/blocks/cards.html"


class BodyBlock(blocks.StreamBlock):
    hero = HeroBlock()
    paragraph = blocks.RichTextBlock(
        label="Texte riche",
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        template="home/blocks/paragraph.html",
    )
    cards = CardsBlock()
