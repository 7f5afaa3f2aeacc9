"""Demo content of the home app: the Wagtail site and its home page.

Idempotent: a second run finds what the first created and changes nothing.
"""

from django.db import transaction
from wagtail.models import Page, Site

from home.models import HomePage

HOME_TITLE = "Clauses sociales d'insertion"

HOME_BODY = [
    {
        "type": "hero",
        "value": {
            "title": "Les clauses sociales d'insertion, ensemble",
            "text": (
                "Acheteurs publics, facilitateurs des PLIE et des Maisons de l'emploi, "
                "structures d'insertion et entreprises : ce portail réunit les guides, les "
                "modèles de clauses, les outils et les retours d'expérience des réseaux "
                "partenaires, et le suivi des marchés qui font travailler des personnes "
                "éloignées de l'emploi."
            ),
            "link_label": "Parcourir les ressources",
            "link_url": "/ressources/",
        },
    },
    {
        "type": "paragraph",
        "value": (
            "<h2>Qu'est-ce qu'une clause sociale d'insertion ?</h2>"
            "<p>Un acheteur public peut exiger, dans ses marchés, que l'entreprise titulaire "
            "réserve une partie des heures de travail à des personnes qui rencontrent des "
            "difficultés d'accès à l'emploi : demandeurs d'emploi de longue durée, "
            "allocataires de minima sociaux, jeunes peu qualifiés, travailleurs handicapés, "
            "habitants des quartiers prioritaires. La clause peut être une condition "
            "d'exécution (article L2112-2 du Code de la commande publique), un critère "
            "d'attribution ou un marché réservé aux structures d'insertion.</p>"
            "<p>Les facilitateurs aident l'acheteur à choisir les marchés et les lots, à "
            "calculer les heures d'insertion et à rédiger la clause ; ils accompagnent "
            "ensuite l'entreprise dans ses recrutements, valident l'éligibilité des "
            "personnes, suivent les heures réalisées et établissent chaque année le bilan "
            "de la clause.</p>"
        ),
    },
    {
        "type": "cards",
        "value": {
            "heading": "Le portail en quatre rubriques",
            "cards": [
                {
                    "title": "Ressources",
                    "text": "Guides pratiques, modèles de clauses, outils de suivi, retours "
                    "d'expérience et comptes rendus des comités de pilotage.",
                    "page": None,
                    "url": "/ressources/",
                },
                {
                    "title": "Calculateur d'heures",
                    "text": "Estimer le nombre d'heures d'insertion d'un marché à partir de "
                    "son montant, de la part de main-d'œuvre et du taux retenu.",
                    "page": None,
                    "url": "/outils/calculateur-heures/",
                },
                {
                    "title": "Réseau des partenaires",
                    "text": "Les réseaux (AVE, IDEAL, URPA, URMDEF-PLIE de Bourgogne), les "
                    "territoires des facilitateurs, les conventions et les comités.",
                    "page": None,
                    "url": "/reseau/",
                },
                {
                    "title": "Espace membres",
                    "text": "Espaces de travail des territoires et des comités, suivi des "
                    "marchés, des heures et des bilans annuels.",
                    "page": None,
                    "url": "/espace/",
                },
            ],
        },
    },
    {
        "type": "paragraph",
        "value": (
            "<h2>Les partenaires</h2>"
            "<p>Le portail est animé par la Communauté urbaine de Bordeaux et l'Union "
            "régionale des PLIE d'Aquitaine, dans le cadre de leur accord-cadre pour la "
            "promotion des clauses sociales, et par l'URMDEF-PLIE de Bourgogne et les "
            "services de l'État, dans le cadre de leur convention pour les marchés "
            "régionaux de l'État. Les réseaux Alliance Villes Emploi et IDEAL y partagent "
            "leurs savoir-faire.</p>"
        ),
    },
]


@transaction.atomic
def seed() -> HomePage:
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        home = root.add_child(instance=HomePage(title=HOME_TITLE, slug="accueil", body=HOME_BODY))
        home.save_revision().publish()
    # An existing home page is left as editors made it: demo data never
    # overwrites their work.

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True,
            site_name="Clauses sociales",
        )
    elif site.root_page_id != home.pk or site.site_name != "Clauses sociales":
        site.root_page = home
        site.site_name = "Clauses sociales"
        site.save()

    # Wagtail's installer leaves a "Welcome" page; the portal has its own home.
    Page.objects.filter(depth=2).exclude(pk=home.pk).not_type(HomePage).delete()
    return home
