"""French content of the library's demo publications (seed_demo).

Figures in the guide come from DESIGN.md §3. The experience write-ups are fictitious
and say so on their page. The minutes are demonstration texts written from the
CUB / URPA accord-cadre (articles 2 and 3): they do not reproduce real minutes.
"""

from portal.core.vocabulary import LegalBasis

THEMES = [
    ("calcul-des-heures", "Calcul des heures",
     "Estimer le volume d'heures d'insertion d'un marché."),
    ("redaction-des-clauses", "Rédaction des clauses",
     "Choisir le fondement juridique et rédiger la clause du DCE."),
    ("suivi-et-bilan", "Suivi et bilan",
     "Suivre les heures réalisées, les personnes et produire le bilan annuel."),
    ("structures-insertion", "Structures d'insertion (SIAE)",
     "Marchés réservés, sous-traitance et cotraitance avec les SIAE, les EA et les ESAT."),
    ("gouvernance", "Gouvernance et partenariats",
     "Conventions, comités de pilotage et coopération entre réseaux."),
]

INDEX_INTRO = (
    "<p>Guides pratiques, modèles de clauses, outils de suivi, retours d'expérience et "
    "comptes rendus des comités de pilotage, partagés par les réseaux partenaires. "
    "Filtrez par type, thème, réseau, territoire, catégorie de marché, fondement juridique "
    "ou année, et abonnez-vous aux flux pour suivre les nouvelles publications.</p>"
)

HOURS_GUIDE = {
    "slug": "calculer-les-heures-d-insertion",
    "title": "Calculer le nombre d'heures d'insertion d'un marché",
    "summary": (
        "La formule de référence, les parts de main-d'œuvre par corps d'état, le coût horaire "
        "chargé et le cas des marchés de propreté avec reprise du personnel : tout ce qu'il "
        "faut pour proposer un volume d'heures réaliste à l'acheteur."
    ),
    "year": 2024,
    "legal_basis": LegalBasis.EXECUTION_CONDITION,
    "themes": ["calcul-des-heures", "redaction-des-clauses"],
    "networks": ["ave", "urpa", "urmdef-plie-bourgogne"],
    "market_categories": ["travaux", "services"],
    "body": [
        {"type": "paragraph", "value": (
            "<h2>La formule de référence</h2>"
            "<p>Le volume d'heures d'insertion se calcule à partir du montant du marché :</p>"
            "<p><b>heures = montant HT × part de main-d'œuvre × taux d'insertion ÷ coût horaire "
            "chargé</b></p>"
            "<p>Exemple : un marché de travaux de 1 000 000 € HT, dont la main-d'œuvre "
            "représente 50 %, avec un taux d'insertion de 5 % et un coût horaire chargé de "
            "30 € : 1 000 000 × 0,50 × 0,05 ÷ 30 = <b>833 heures</b>.</p>"
        )},
        {"type": "paragraph", "value": (
            "<h2>Choisir les paramètres</h2>"
            "<ul>"
            "<li><b>Part de main-d'œuvre</b> : elle dépend du corps d'état. Environ 70 % pour "
            "la peinture intérieure, 50 % pour la maçonnerie, 20 % pour la charpente "
            "métallique.</li>"
            "<li><b>Coût horaire chargé</b> : 25 à 30 € le plus souvent.</li>"
            "<li><b>Taux d'insertion</b> : de 5 % (travaux ANRU) à 10 % (gestion urbaine de "
            "proximité ANRU) sont des valeurs courantes.</li>"
            "</ul>"
            "<p>Le facilitateur calcule les heures lot par lot : un lot dont la main-d'œuvre "
            "est faible ou très qualifiée peut être exclu de la clause.</p>"
        )},
        {"type": "paragraph", "value": (
            "<h2>Propreté avec reprise du personnel</h2>"
            "<p>Quand le titulaire reprend le personnel du marché précédent, une partie des "
            "heures est déjà couverte. On applique une pondération :</p>"
            "<p><b>P = 1 − (S × C) ÷ (A ÷ N)</b>, puis <b>heures = P × A ÷ C × T</b>, où A est "
            "le montant du marché, N sa durée en mois, S les heures mensuelles du personnel "
            "repris, C le coût horaire (25 €) et T le taux d'insertion.</p>"
        )},
        {"type": "callout", "value": {
            "title": "Seuils",
            "text": (
                "<p>En dessous de 150 heures, une clause n'est pas conseillée. Si P est nul ou "
                "négatif, le personnel repris couvre déjà l'objectif : pas de clause.</p>"
            ),
        }},
        {"type": "paragraph", "value": (
            "<h2>Calculer en ligne</h2>"
            "<p>Le <a href=\"/outils/calculateur-heures/\">calculateur d'heures d'insertion</a> "
            "applique ces deux formules et arrondit le résultat à l'heure.</p>"
        )},
    ],
}

EXECUTION_CLAUSE_TEXT = (
    "Article [numéro] — Condition d'exécution : action d'insertion professionnelle\n"
    "En application de l'article L2112-2 du Code de la commande publique, le titulaire "
    "s'engage à réaliser, pour l'exécution du présent marché, une action d'insertion "
    "permettant l'accès ou le retour à l'emploi de personnes rencontrant des difficultés "
    "sociales ou professionnelles particulières.\n"
    "Le volume minimal d'heures de travail à réserver à ces personnes est de [nombre "
    "d'heures] heures.\n"
    "Pour la mise en œuvre de cette action, le titulaire prend contact, dès la notification "
    "du marché, avec le facilitateur : [nom de la structure — PLIE ou Maison de l'emploi], "
    "[nom du facilitateur], [téléphone], [adresse électronique].\n"
    "Le titulaire choisit la ou les modalités suivantes : embauche directe (CDI, CDD, "
    "contrat d'apprentissage ou de professionnalisation) ; mise à disposition de personnel "
    "par une entreprise de travail temporaire d'insertion, une association intermédiaire ou "
    "un GEIQ ; sous-traitance ou cotraitance avec une structure d'insertion par l'activité "
    "économique.\n"
    "L'éligibilité des personnes est validée par le facilitateur avant leur entrée sur le "
    "chantier. Le titulaire lui transmet chaque [périodicité] les justificatifs des heures "
    "réalisées.\n"
    "En cas de non-respect de cet engagement, et sauf justification acceptée par l'acheteur, "
    "une pénalité de [montant] € est appliquée par heure d'insertion non réalisée."
)

CLAUSE_TEMPLATES = [
    {
        "slug": "modele-clause-condition-execution",
        "title": "Clause d'insertion en condition d'exécution",
        "summary": (
            "La clause la plus courante : le titulaire réserve un volume d'heures de travail à "
            "des personnes éloignées de l'emploi, accompagné par le facilitateur du territoire."
        ),
        "year": 2024,
        "legal_basis": LegalBasis.EXECUTION_CONDITION,
        "cites_former_code": False,
        "themes": ["redaction-des-clauses"],
        "networks": ["ave"],
        "market_categories": ["travaux", "services"],
        "when_to_use": (
            "<p>Pour tout marché de travaux ou de services dont la main-d'œuvre est "
            "significative et peu qualifiée, lorsque le volume calculé dépasse 150 heures. "
            "Consulter le facilitateur au moins 20 jours avant la préparation du DCE.</p>"
        ),
        "clause_text": EXECUTION_CLAUSE_TEXT,
        "variants": [
            {"title": "Marché alloti", "when": "Quand plusieurs lots portent une clause.",
             "text": "Pour le lot n° [numéro du lot], le volume minimal d'heures d'insertion "
                     "est de [nombre d'heures] heures."},
            {"title": "Globalisation des heures",
             "when": "Quand l'entreprise porte des clauses chez plusieurs acheteurs du "
                     "territoire.",
             "text": "Avec l'accord de l'acheteur et sur proposition du facilitateur, les "
                     "heures réalisées par le titulaire sur l'opération [nom de l'opération] "
                     "peuvent être prises en compte au titre du présent marché, dans la "
                     "limite de [nombre d'heures] heures."},
        ],
    },
    {
        "slug": "modele-marche-reserve-siae",
        "title": "Marché ou lot réservé aux structures d'insertion (SIAE)",
        "summary": (
            "Réserver un marché ou un lot aux structures d'insertion par l'activité économique : "
            "la rédaction de l'avis et du règlement de la consultation."
        ),
        "year": 2024,
        "legal_basis": LegalBasis.RESERVED_SIAE,
        "cites_former_code": False,
        "themes": ["structures-insertion", "redaction-des-clauses"],
        "networks": [],
        "market_categories": ["services"],
        "when_to_use": (
            "<p>Quand des SIAE du territoire peuvent exécuter la prestation (entretien des "
            "espaces verts, propreté, second œuvre…). Le facilitateur vérifie avec l'acheteur "
            "qu'une concurrence suffisante existe entre structures.</p>"
        ),
        "clause_text": (
            "En application de l'article L2113-13 du Code de la commande publique, le présent "
            "marché [ou : le lot n° [numéro du lot]] est réservé aux structures d'insertion par "
            "l'activité économique mentionnées à l'article L. 5132-4 du code du travail et aux "
            "structures équivalentes, lorsqu'elles emploient une proportion minimale de "
            "travailleurs défavorisés fixée par voie réglementaire.\n"
            "Le candidat joint à son offre la preuve de son conventionnement ou de son statut "
            "[pièce demandée]."
        ),
        "variants": [],
    },
    {
        "slug": "modele-marche-reserve-ea-esat",
        "title": "Marché ou lot réservé aux entreprises adaptées et aux ESAT",
        "summary": (
            "Réserver un marché ou un lot aux entreprises adaptées et aux établissements et "
            "services d'aide par le travail, qui emploient des travailleurs handicapés."
        ),
        "year": 2024,
        "legal_basis": LegalBasis.RESERVED_EA_ESAT,
        "cites_former_code": False,
        "themes": ["structures-insertion"],
        "networks": [],
        "market_categories": ["services", "fournitures"],
        "when_to_use": (
            "<p>Pour des prestations que les EA et ESAT du territoire savent réaliser "
            "(blanchisserie, conditionnement, entretien…).</p>"
        ),
        "clause_text": (
            "En application de l'article L2113-12 du Code de la commande publique, le présent "
            "marché [ou : le lot n° [numéro du lot]] est réservé aux entreprises adaptées, aux "
            "établissements et services d'aide par le travail et aux structures équivalentes, "
            "lorsqu'ils emploient une proportion minimale de travailleurs handicapés fixée par "
            "voie réglementaire.\n"
            "Le candidat joint à son offre [pièce justifiant de son statut]."
        ),
        "variants": [],
    },
    {
        "slug": "modele-critere-insertion",
        "title": "Critère d'attribution : performance en matière d'insertion",
        "summary": (
            "Noter les offres sur leurs performances en matière d'insertion professionnelle "
            "des publics en difficulté, en complément d'une condition d'exécution."
        ),
        "year": 2024,
        "legal_basis": LegalBasis.AWARD_CRITERION,
        "cites_former_code": False,
        "themes": ["redaction-des-clauses"],
        "networks": ["ideal"],
        "market_categories": ["travaux", "services"],
        "when_to_use": (
            "<p>Quand l'acheteur veut comparer la qualité des propositions d'insertion "
            "(accompagnement, formation, parcours) au-delà du volume minimal exigé. Le critère "
            "doit rester lié à l'objet du marché.</p>"
        ),
        "clause_text": (
            "Critère n° [numéro] — Performances en matière d'insertion professionnelle des "
            "publics en difficulté (article R2152-7 du Code de la commande publique) : "
            "[pondération] % de la note.\n"
            "Le candidat présente, dans une note de [nombre de pages] pages au plus : les "
            "postes proposés aux personnes en insertion, l'encadrement et le tutorat prévus, "
            "les actions de formation, et les modalités de collaboration avec le facilitateur "
            "[nom de la structure]."
        ),
        "variants": [],
    },
    {
        "slug": "modele-marche-insertion-qualification",
        "title": "Marché d'insertion et de qualification professionnelle (ancien article 30)",
        "summary": (
            "Texte historique : un marché dont l'objet même est l'insertion et la qualification "
            "de personnes éloignées de l'emploi, passé selon la procédure adaptée de l'ancien "
            "Code des marchés publics."
        ),
        "year": 2010,
        "legal_basis": LegalBasis.INSERTION_QUALIFICATION,
        "cites_former_code": True,
        "themes": ["structures-insertion", "redaction-des-clauses"],
        "networks": ["urpa"],
        "market_categories": ["services"],
        "when_to_use": (
            "<p>Pour relire ou archiver des marchés passés avant 2019. L'activité support "
            "(entretien, petits travaux) n'est que le moyen du parcours d'insertion.</p>"
        ),
        "clause_text": (
            "Le présent marché, passé selon la procédure adaptée prévue à l'article 30 du Code "
            "des marchés publics, a pour objet l'insertion et la qualification professionnelle "
            "de [nombre de personnes] personnes rencontrant des difficultés sociales et "
            "professionnelles, au moyen de [activité support].\n"
            "Le titulaire assure l'accompagnement socio-professionnel et la formation des "
            "personnes, en lien avec [nom du PLIE]."
        ),
        "variants": [],
    },
]

TOOL = {
    "slug": "tableau-de-suivi-des-heures",
    "title": "Tableau de suivi des heures d'insertion des facilitateurs",
    "summary": (
        "Le tableur de reporting des facilitateurs : une ligne par personne et par marché, "
        "les heures réalisées mois par mois et la situation à la sortie, pour préparer le "
        "bilan annuel de la clause."
    ),
    "year": 2024,
    "themes": ["suivi-et-bilan"],
    "networks": ["urmdef-plie-bourgogne", "urpa"],
    "market_categories": ["travaux", "services"],
    "document_title": "Tableau de suivi des heures d'insertion (modèle)",
    "filename": "tableau-suivi-heures-insertion.xlsx",
    "instructions": [
        {"type": "paragraph", "value": (
            "<h2>Remplir le tableau</h2>"
            "<ol>"
            "<li>Une ligne par personne et par marché : initiales, critère d'éligibilité validé, "
            "modalité (embauche directe, ETTI, AI, GEIQ, sous-traitance SIAE, formation).</li>"
            "<li>Les heures réalisées chaque mois, d'après les justificatifs transmis par "
            "l'entreprise.</li>"
            "<li>La situation à la sortie, puis environ six mois plus tard.</li>"
            "</ol>"
        )},
        {"type": "callout", "value": {
            "title": "Données personnelles",
            "text": (
                "<p>Le tableau ne contient que des initiales. Les noms et les justificatifs "
                "d'éligibilité restent dans le suivi des bénéficiaires du portail, visible des "
                "seuls facilitateurs du territoire.</p>"
            ),
        }},
    ],
}

TOOL_COLUMNS = [
    "Marché", "Lot", "Entreprise", "Personne (initiales)", "Critère d'éligibilité",
    "Modalité", "Date d'entrée", "Heures du mois", "Heures cumulées",
    "Sortie (fin de mission)", "Sortie (6 mois après)",
]

EXPERIENCES = [
    {
        "slug": "exemple-groupe-scolaire-clause-execution",
        "title": "Réhabilitation d'un groupe scolaire : une clause d'exécution lot par lot",
        "summary": (
            "Exemple fictif : une commune associe le facilitateur dès la programmation, "
            "répartit 1 667 heures entre quatre lots et dépasse l'objectif."
        ),
        "year": 2010,
        "legal_basis": LegalBasis.EXECUTION_CONDITION,
        "themes": ["calcul-des-heures", "suivi-et-bilan"],
        "networks": ["urpa"],
        "territories": ["plie-graves"],
        "market_categories": ["travaux"],
        "buyer_name": "Commune de Val-d'Exemple (fictive)",
        "hours_planned": 1667,
        "hours_done": 1820,
        "people_employed": 9,
        "context": (
            "<p>Travaux de réhabilitation d'un groupe scolaire, 2 000 000 € HT en quatre lots. "
            "Avec une part de main-d'œuvre de 50 %, un taux de 5 % et un coût horaire de 30 €, "
            "le facilitateur propose 1 667 heures, réparties sur le gros œuvre, la peinture, "
            "les menuiseries et les VRD.</p>"
        ),
        "outcomes": (
            "<ul><li>3 CDI</li><li>2 CDD de 6 mois ou plus</li><li>1 formation "
            "qualifiante</li><li>3 personnes demandeuses d'emploi à la fin de la mission</li>"
            "</ul>"
        ),
        "lessons": (
            "<p>Consulter le facilitateur avant la rédaction du DCE a permis d'écarter un lot "
            "trop technique et de prévoir des heures réalistes. Les points mensuels avec les "
            "entreprises ont évité les retards de déclaration.</p>"
        ),
    },
    {
        "slug": "exemple-proprete-reprise-personnel",
        "title": "Propreté des locaux avec reprise du personnel : une clause pondérée",
        "summary": (
            "Exemple fictif : un marché de nettoyage de deux ans dont le personnel est repris ; "
            "la pondération ramène l'objectif à 288 heures, atteint par deux recrutements."
        ),
        "year": 2012,
        "legal_basis": LegalBasis.EXECUTION_CONDITION,
        "themes": ["calcul-des-heures"],
        "networks": ["urmdef-plie-bourgogne"],
        "territories": ["bassin-dijonnais"],
        "market_categories": ["services"],
        "buyer_name": "Administration régionale d'exemple (fictive)",
        "hours_planned": 288,
        "hours_done": 310,
        "people_employed": 2,
        "context": (
            "<p>Nettoyage de bâtiments administratifs, 240 000 € HT sur 24 mois. Le titulaire "
            "reprend 160 heures mensuelles de personnel. Pondération : P = 1 − (160 × 25) ÷ "
            "(240 000 ÷ 24) = 0,6 ; avec un taux de 5 %, heures = 0,6 × 240 000 ÷ 25 × 0,05 = "
            "288 heures.</p>"
        ),
        "outcomes": (
            "<ul><li>1 CDI à temps partiel</li><li>1 CDD de moins de 6 mois</li></ul>"
        ),
        "lessons": (
            "<p>Sans la pondération, l'objectif aurait été de 480 heures, hors de portée sans "
            "remplacer le personnel repris. Le seuil de 150 heures reste le repère pour "
            "décider d'une clause.</p>"
        ),
    },
]

DEMO_NOTE = (
    "<p>Compte rendu de démonstration, rédigé à partir des articles 2 et 3 de l'accord-cadre "
    "CUB / URPA : il ne reproduit pas un compte rendu réel.</p>"
)

MINUTES = [
    {
        "slug": "compte-rendu-copil-cub-urpa-lancement",
        "title": "Comité de pilotage CUB / URPA : réunion de lancement",
        "summary": (
            "Première réunion du comité de pilotage de l'accord-cadre, à sa signature : "
            "installation du comité et orientations prioritaires du partenariat."
        ),
        "meeting_index": 0,
        "public": True,
        "year": 2009,
        "themes": ["gouvernance"],
        "networks": ["urpa"],
        "body": [{"type": "callout", "value": {"title": "", "text": DEMO_NOTE}}],
        "decisions": (
            "<ul>"
            "<li>Le comité de pilotage est installé ; il se réunira à mi-parcours (début 2011) "
            "et en fin de conventionnement.</li>"
            "<li>Les trois orientations de l'article 2 sont retenues : partager les "
            "informations et les savoir-faire, créer les conditions techniques de réussite, "
            "s'engager dans une démarche de progrès.</li>"
            "<li>L'extension des clauses sociales aux marchés de services est étudiée.</li>"
            "</ul>"
        ),
        "action_items": [
            {"action": "Contribuer au groupe de travail réunissant la CUB, la Région, le "
                       "Département, les partenaires emploi-insertion et les fédérations du BTP.",
             "owner": "CUB et URPA", "due_on": None},
            {"action": "Recenser les outils partagés existants (suivi des heures, modèles de "
                       "clauses).", "owner": "Chargées de mission clauses sociales de l'URPA",
             "due_on": None},
        ],
    },
    {
        "slug": "compte-rendu-copil-cub-urpa-mi-parcours",
        "title": "Comité de pilotage CUB / URPA : bilan à mi-parcours",
        "summary": (
            "Réunion de mi-parcours du comité de pilotage : bilan des actions menées en commun "
            "et suites à donner. Réservé aux membres du comité."
        ),
        "meeting_index": 1,
        "public": False,
        "year": 2011,
        "themes": ["gouvernance", "suivi-et-bilan"],
        "networks": ["urpa"],
        "body": [{"type": "callout", "value": {"title": "", "text": DEMO_NOTE}}],
        "decisions": (
            "<ul>"
            "<li>Le bilan à mi-parcours des actions communes est présenté et validé.</li>"
            "<li>Les outils partagés sont diffusés aux six PLIE de la CUB.</li>"
            "<li>Le bilan définitif sera établi pour la réunion de fin de "
            "conventionnement.</li>"
            "</ul>"
        ),
        "action_items": [
            {"action": "Préparer le bilan définitif des actions menées en commun.",
             "owner": "Techniciens de la CUB et des PLIE", "due_on": None},
        ],
    },
]
