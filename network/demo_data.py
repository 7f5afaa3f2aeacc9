"""The real entities of the two seed documents (../shared/seeds/).

- the convention between the State and the URMDEF-PLIE of Bourgogne
  (signed in Dijon, valid until 31 December 2014);
- the accord-cadre between the Communauté urbaine de Bordeaux and the Union
  régionale des PLIE d'Aquitaine (3 years, 2009-2011).

Where the seeds leave a value blank (signature dates, meeting dates), a
plausible value is used and the text says "date indicative". INSEE codes are
given only for the seat commune of a territory, as a start: the seeds do not
list the communes.
"""

import datetime

from network.enums import CommitteeKind, OrganisationKind

NETWORKS = [
    {
        "slug": "ave", "name": "Alliance Villes Emploi", "acronym": "AVE",
        "description": "Réseau national des Maisons de l'emploi et des PLIE. Une convention "
        "signée en février 2010 avec le Service des achats de l'État encadre l'appui des MDE "
        "et des PLIE aux clauses sociales dans les marchés de l'État.",
    },
    {
        "slug": "ideal", "name": "Réseau IDEAL", "acronym": "IDEAL",
        "description": "Réseau d'échanges des agents des collectivités territoriales, où les "
        "acheteurs partagent leurs expériences de clauses sociales.",
    },
    {
        "slug": "urpa", "name": "Union régionale des PLIE d'Aquitaine", "acronym": "URPA",
        "description": "Association des PLIE de la région Aquitaine (statuts déposés en "
        "préfecture le 9 décembre 2005) : un organe d'échange, de réflexion, d'essaimage "
        "d'actions et de concertation, interlocuteur des partenaires territoriaux, nationaux "
        "et européens, en lien avec Alliance Villes Emploi.",
    },
    {
        "slug": "urmdef-plie-bourgogne",
        "name": "Union régionale des Maisons de l'emploi et de la formation et des PLIE de "
        "Bourgogne",
        "acronym": "URMDEF-PLIE",
        "description": "Réseau des Maisons de l'emploi et de la formation et des PLIE de "
        "Bourgogne. Ses membres accompagnent les services de l'État dans la mise en œuvre des "
        "clauses sociales de leurs marchés régionaux.",
    },
    {
        "slug": "acuf", "name": "Association des communautés urbaines de France",
        "acronym": "ACUF",
        "description": "Son groupe « Achat » est l'un des réseaux techniques où la Communauté "
        "urbaine de Bordeaux et l'URPA diffusent leurs expériences de clauses sociales.",
    },
]

# slug: name, acronym, kind, networks, address, postal code, city
ORGANISATIONS = [
    ("prefecture-region-bourgogne", "Préfecture de la région Bourgogne", "",
     OrganisationKind.STATE_PURCHASING, [], "", "21000", "Dijon"),
    ("mission-regionale-achats-etat-bourgogne",
     "Mission régionale des achats de l'État en Bourgogne (SGAR)", "CMRA",
     OrganisationKind.STATE_PURCHASING, [], "", "21000", "Dijon"),
    ("service-achats-etat", "Service des achats de l'État", "SAE",
     OrganisationKind.STATE_PURCHASING, [], "", "", "Paris"),
    ("alliance-villes-emploi", "Alliance Villes Emploi", "AVE",
     OrganisationKind.NATIONAL_NETWORK, ["ave"], "", "", "Paris"),
    ("urmdef-plie-bourgogne",
     "Union régionale des Maisons de l'emploi et de la formation et des PLIE de Bourgogne",
     "URMDEF-PLIE", OrganisationKind.REGIONAL_UNION, ["urmdef-plie-bourgogne", "ave"],
     "", "", ""),
    ("urpa", "Union régionale des PLIE d'Aquitaine", "URPA", OrganisationKind.REGIONAL_UNION,
     ["urpa", "ave"], "A.DE.L.E. PLIE des Graves, 12-14 rue Émile Combes", "33130", "Bègles"),
    ("communaute-urbaine-bordeaux", "Communauté urbaine de Bordeaux", "CUB",
     OrganisationKind.LOCAL_AUTHORITY, ["acuf", "ideal"], "Esplanade Charles de Gaulle",
     "33076", "Bordeaux cedex"),
    # The ten structures of the Bourgogne facilitators (annex of the convention).
    ("plie-senonais", "PLIE du Sénonais", "", OrganisationKind.PLIE,
     ["urmdef-plie-bourgogne", "ave"], "", "", "Sens"),
    ("mdef-plie-auxerrois", "Maison de l'emploi et de la formation de l'Auxerrois (MDEF-PLIE)",
     "", OrganisationKind.MDE, ["urmdef-plie-bourgogne", "ave"], "", "", "Auxerre"),
    ("mdef-nievre", "Maison de l'emploi et de la formation de la Nièvre", "",
     OrganisationKind.MDE, ["urmdef-plie-bourgogne", "ave"], "", "", ""),
    ("plie-agglomeration-nevers", "PLIE de l'agglomération de Nevers", "", OrganisationKind.PLIE,
     ["urmdef-plie-bourgogne", "ave"], "", "", "Nevers"),
    ("plie-autunois-morvan", "PLIE de l'Autunois-Morvan", "", OrganisationKind.PLIE,
     ["urmdef-plie-bourgogne", "ave"], "", "", "Autun"),
    ("mdef-plie-chalonnais", "Maison de l'emploi et de la formation du Chalonnais (MDEF-PLIE)",
     "", OrganisationKind.MDE, ["urmdef-plie-bourgogne", "ave"], "", "", "Chalon-sur-Saône"),
    ("agir-plie-creusot-montceau", "AGIR-PLIE de la Communauté Creusot-Montceau", "AGIR-PLIE",
     OrganisationKind.PLIE, ["urmdef-plie-bourgogne", "ave"], "", "", ""),
    ("mdef-plie-bassin-dijonnais",
     "Maison de l'emploi et de la formation du Bassin dijonnais (MDEF-PLIE)", "",
     OrganisationKind.MDE, ["urmdef-plie-bourgogne", "ave"], "", "", "Dijon"),
    ("mde-haute-cote-dor", "Maison de l'emploi de la Haute Côte-d'Or", "", OrganisationKind.MDE,
     ["urmdef-plie-bourgogne", "ave"], "", "", ""),
    # The six PLIE of the CUB (preamble of the accord-cadre).
    ("plie-bordeaux", "PLIE de Bordeaux", "", OrganisationKind.PLIE, ["urpa", "ave"],
     "", "", "Bordeaux"),
    ("plie-graves", "A.DE.L.E. — PLIE des Graves", "", OrganisationKind.PLIE, ["urpa", "ave"],
     "12-14 rue Émile Combes", "33130", "Bègles"),
    ("plie-hauts-de-garonne", "PLIE des Hauts-de-Garonne", "", OrganisationKind.PLIE,
     ["urpa", "ave"], "", "", ""),
    ("plie-portes-du-sud", "PLIE Portes du Sud", "", OrganisationKind.PLIE, ["urpa", "ave"],
     "", "", ""),
    ("plie-sources", "PLIE des Sources", "", OrganisationKind.PLIE, ["urpa", "ave"], "", "", ""),
    ("plie-technowest", "PLIE Technowest", "", OrganisationKind.PLIE, ["urpa", "ave"],
     "", "", ""),
]

# slug: name, départements, seat communes (INSEE), organisation, network, description
TERRITORIES = [
    ("senonais", "Sénonais", ["89"], ["89387"], "plie-senonais", "urmdef-plie-bourgogne",
     "Yonne nord : Sens, Sénonais et Jovinien."),
    ("auxerrois", "Auxerrois", ["89"], ["89024"], "mdef-plie-auxerrois", "urmdef-plie-bourgogne",
     "Yonne sud (MDE Auxerre) : Auxerrois, Avallonnais et Tonnerrois."),
    ("nievre", "Nièvre", ["58"], [], "mdef-nievre", "urmdef-plie-bourgogne",
     "Territoire de la Maison de l'emploi de la Nièvre."),
    ("agglomeration-nevers", "Agglomération de Nevers", ["58"], ["58194"],
     "plie-agglomeration-nevers", "urmdef-plie-bourgogne",
     "Territoire du PLIE de l'agglomération de Nevers."),
    ("autunois-morvan", "Autunois-Morvan", ["71"], ["71014"], "plie-autunois-morvan",
     "urmdef-plie-bourgogne", "Saône-et-Loire : 61 communes de l'Autunois et du Morvan."),
    ("chalonnais", "Chalonnais", ["71"], ["71076"], "mdef-plie-chalonnais",
     "urmdef-plie-bourgogne",
     "Saône-et-Loire : communes de la communauté d'agglomération de Chalon-sur-Saône."),
    ("creusot-montceau", "Communauté Creusot-Montceau", ["71"], [], "agir-plie-creusot-montceau",
     "urmdef-plie-bourgogne", "Saône-et-Loire : territoire de la Communauté Creusot-Montceau."),
    ("cluny-macon-tournus", "Cluny, Mâcon, Tournus", ["71"], ["71270"], None,
     "urmdef-plie-bourgogne",
     "Saône-et-Loire : Clunisois, Mâconnais et Tournugeois. La structure porteuse n'est pas "
     "nommée par la convention."),
    ("bassin-dijonnais", "Bassin dijonnais", ["21"], ["21231"], "mdef-plie-bassin-dijonnais",
     "urmdef-plie-bourgogne",
     "Côte-d'Or. Le pôle insertion de la Maison de l'emploi et de la formation du Bassin "
     "dijonnais assure la coordination régionale du dispositif : son facilitateur est "
     "l'interlocuteur de la mission régionale des achats de l'État."),
    ("haute-cote-dor", "Haute Côte-d'Or", ["21"], [], "mde-haute-cote-dor",
     "urmdef-plie-bourgogne", "Côte-d'Or : territoire de la Maison de l'emploi de la Haute "
     "Côte-d'Or."),
    ("plie-bordeaux", "PLIE de Bordeaux", ["33"], ["33063"], "plie-bordeaux", "urpa",
     "Territoire du PLIE de Bordeaux, dans la Communauté urbaine de Bordeaux."),
    ("plie-graves", "PLIE des Graves", ["33"], [], "plie-graves", "urpa",
     "Territoire du PLIE des Graves (A.DE.L.E.), dans la Communauté urbaine de Bordeaux."),
    ("plie-hauts-de-garonne", "PLIE des Hauts-de-Garonne", ["33"], [], "plie-hauts-de-garonne",
     "urpa", "Territoire du PLIE des Hauts-de-Garonne, dans la Communauté urbaine de Bordeaux."),
    ("plie-portes-du-sud", "PLIE Portes du Sud", ["33"], [], "plie-portes-du-sud", "urpa",
     "Territoire du PLIE Portes du Sud, dans la Communauté urbaine de Bordeaux."),
    ("plie-sources", "PLIE des Sources", ["33"], [], "plie-sources", "urpa",
     "Territoire du PLIE des Sources, dans la Communauté urbaine de Bordeaux."),
    ("plie-technowest", "PLIE Technowest", ["33"], [], "plie-technowest", "urpa",
     "Territoire du PLIE Technowest, dans la Communauté urbaine de Bordeaux."),
]

BOURGOGNE_TERRITORIES = [t[0] for t in TERRITORIES if t[5] == "urmdef-plie-bourgogne"]
CUB_TERRITORIES = [t[0] for t in TERRITORIES if t[5] == "urpa"]

CONTACTS = [
    ("urmdef-plie-bourgogne", "Guy PARIS", "Président"),
    ("urpa", "Noël MAMERE", "Président"),
]

BOURGOGNE_ARTICLE_3 = [
    "Collaborer avec les services concernés de l'État au repérage des marchés pertinents, au "
    "choix des lots, au calcul des heures d'insertion et à la rédaction des clauses.",
    "Se coordonner entre eux dans le cas des marchés dont le périmètre concerne le territoire "
    "d'intervention de plusieurs PLIE et Maisons de l'emploi.",
    "Assister les services de l'État :\n"
    "– en préparant l'offre d'insertion susceptible d'être proposée à l'entreprise attributaire "
    "en liaison avec l'ensemble des organismes prescripteurs (Pôle emploi, Mission locale, "
    "Cap emploi, CCAS…) et les structures d'insertion par l'activité économique ;\n"
    "– en informant et en accompagnant les entreprises attributaires dans la mise en œuvre des "
    "clauses sociales ;\n"
    "– en suivant la bonne application de la clause sociale dans le cadre de l'exécution du "
    "marché et en rendant compte au pouvoir adjudicateur ;\n"
    "– en établissant un bilan annuel de la mise en œuvre de la clause sociale pour chaque "
    "marché concerné.",
    "Évaluer annuellement les effets de la clause sociale sur l'emploi et en restituer le bilan "
    "auprès de l'État. Ce bilan annuel reprendra les indications suivantes :\n"
    "– nombre de marchés passés avec clause sociale ;\n"
    "– typologie des clauses sociales mises en œuvre ;\n"
    "– nombre d'heures réalisées ;\n"
    "– nombre de personnes mises à l'emploi ;\n"
    "– typologie des bénéficiaires ;\n"
    "– modalités d'application de la clause ;\n"
    "– état de situation des personnes ayant bénéficié de la clause.",
]

BOURGOGNE_ARTICLE_4 = [
    "Transmettre systématiquement aux membres de l'URMDEF-PLIE de Bourgogne les prévisions des "
    "marchés, via le CMRA, qui entrent dans le champ de la présente convention en fonction des "
    "territoires d'intervention.",
    "Confier aux membres concernés de l'URMDEF-PLIE de Bourgogne l'accompagnement des marchés "
    "retenus conjointement avec clauses sociales.",
    "Associer les membres concernés de l'URMDEF-PLIE de Bourgogne, au stade de l'avant-projet "
    "détaillé, afin de travailler sur l'élaboration du marché retenu, le choix des lots, le "
    "calcul des heures d'insertion et la rédaction des clauses.",
    "Inviter les membres concernés de l'URMDEF-PLIE de Bourgogne aux réunions avec les "
    "entreprises attributaires autant que nécessaire et au minimum au lancement du marché.",
    "Confier aux membres concernés de l'URMDEF-PLIE de Bourgogne, dans le cadre de l'exécution "
    "de chaque marché, le soin de valider l'éligibilité à la clause des publics en insertion.",
    "Rechercher une contribution au financement des postes existants ou d'éventuels nouveaux "
    "postes de facilitateurs des clauses sociales dans les PLIE et les Maisons de l'emploi et "
    "de la formation, notamment dans le cadre des plans d'actions des MDEF et des PLIE, de "
    "l'axe 4 « compétitivité régionale emploi » du Programme opérationnel national du Fonds "
    "social européen (note de la DGEFP du 3 novembre 2010) ou de tout autre financement "
    "spécifique.",
]

CUB_URPA_ARTICLE_2 = [
    "Partager des informations et des savoir-faire liés aux clauses sociales : contributions "
    "conjointes au groupe de travail réunissant la CUB, la Région, le Département, les "
    "partenaires emploi-insertion et les fédérations professionnelles du BTP ; échanges "
    "d'expériences et leur diffusion dans les réseaux techniques (groupe Achat de l'ACUF, "
    "réseau IDEAL, Alliance Villes Emploi, réseau ADEME/Région des acheteurs éco et socio "
    "responsables…) ; participations croisées aux réunions de travail.",
    "Créer les conditions techniques de réussite de la mise en œuvre des clauses sociales : "
    "construction d'outils partagés, actions de concertation, actions de communication et de "
    "sensibilisation (notamment lors des salons Aquibat).",
    "S'engager collectivement dans une démarche de progrès : évaluation du dispositif auprès "
    "des maîtres d'ouvrage et des entreprises ; innovation et expérimentation favorisant "
    "l'inclusion sociale, dont l'extension des clauses sociales aux marchés de services.",
]
CUB_URPA_ARTICLE_3 = (
    "Mettre en place un comité de pilotage, constitué de l'élu communautaire en charge de "
    "l'économie sociale et solidaire, des élus représentants de l'URPA et des techniciens de la "
    "CUB et des PLIE en charge des clauses sociales, qui se réunit à la signature, à mi-parcours "
    "(début 2011) et en fin de conventionnement."
)

CONVENTIONS = [
    {
        "slug": "convention-etat-urmdef-plie-bourgogne",
        "title": "Convention de partenariat État / URMDEF-PLIE de Bourgogne",
        "summary": "Encadrer le partenariat entre les services de l'État en région Bourgogne et "
        "les membres de l'URMDEF-PLIE de Bourgogne pour développer les achats socio-"
        "responsables dans la commande publique de l'État : mise en œuvre des clauses sociales "
        "d'insertion dans les marchés régionaux de l'État, sur la base de la convention signée "
        "en février 2010 entre le Service des achats de l'État et Alliance Villes Emploi.\n"
        "Signée à Dijon en présence de M. Benoît Hamon, ministre délégué chargé de l'économie "
        "sociale et solidaire et de la consommation. Signature : date indicative (la "
        "convention porte « Fait à Dijon, le » sans date).",
        "signed_on": datetime.date(2013, 3, 15),
        "signed_at": "Dijon",
        "starts_on": None,
        "ends_on": datetime.date(2014, 12, 31),
        "network": "urmdef-plie-bourgogne",
        "territories": BOURGOGNE_TERRITORIES,
        "parties": [
            ("prefecture-region-bourgogne", "Pascal MAILHOS",
             "Préfet de la région Bourgogne, pour l'État"),
            ("urmdef-plie-bourgogne", "Guy PARIS", "Président"),
        ],
        "commitments": [
            *[("urmdef-plie-bourgogne", "Article 3", text) for text in BOURGOGNE_ARTICLE_3],
            *[("prefecture-region-bourgogne", "Article 4", text) for text in BOURGOGNE_ARTICLE_4],
        ],
    },
    {
        "slug": "accord-cadre-cub-urpa",
        "title": "Accord-cadre CUB / URPA — Promotion des clauses sociales dans les marchés "
        "publics",
        "summary": "Fixer le cadre de travail commun de la Communauté urbaine de Bordeaux et de "
        "l'Union régionale des PLIE d'Aquitaine pour développer et promouvoir les clauses "
        "sociales sur le territoire de l'agglomération bordelaise, où six PLIE couvrent 92 % "
        "des habitants. Entrée en vigueur à la signature, pour trois ans (2009-2011). "
        "Signature : date indicative (l'accord porte « Fait à Bordeaux, le » sans date).",
        "signed_on": datetime.date(2009, 6, 15),
        "signed_at": "Bordeaux",
        "starts_on": None,
        "ends_on": datetime.date(2011, 12, 31),
        "network": "urpa",
        "territories": CUB_TERRITORIES,
        "parties": [
            ("urpa", "Noël MAMERE", "Président de l'Union régionale des PLIE d'Aquitaine"),
            ("communaute-urbaine-bordeaux", "Vincent FELTESSE",
             "Président ; signé pour le Président et par délégation par Franck Maurras, "
             "conseiller délégué"),
        ],
        "commitments": [
            *[(party, "Article 2", text)
              for party in ("urpa", "communaute-urbaine-bordeaux")
              for text in CUB_URPA_ARTICLE_2],
            ("urpa", "Article 3", CUB_URPA_ARTICLE_3),
            ("communaute-urbaine-bordeaux", "Article 3", CUB_URPA_ARTICLE_3),
        ],
    },
]

COMMITTEES = [
    {
        "slug": "copil-cub-urpa",
        "name": "Comité de pilotage de l'accord-cadre CUB / URPA",
        "kind": CommitteeKind.STEERING,
        "convention": "accord-cadre-cub-urpa",
        "network": "urpa",
        "description": "Assure le lancement et le suivi de l'accord-cadre. Il réunit l'élu "
        "communautaire en charge de l'économie sociale et solidaire, les élus représentants "
        "de l'URPA et les techniciens de la CUB et des PLIE en charge de la gestion des "
        "clauses sociales. Il se réunit trois fois : à la signature, à mi-parcours (début "
        "2011) et en fin de conventionnement.",
    },
    {
        "slug": "reseau-facilitateurs-bourgogne",
        "name": "Réseau régional des facilitateurs de Bourgogne",
        "kind": CommitteeKind.FACILITATORS,
        "convention": "convention-etat-urmdef-plie-bourgogne",
        "network": "urmdef-plie-bourgogne",
        "description": "Les facilitateurs des clauses sociales des Maisons de l'emploi et des "
        "PLIE de Bourgogne. Représenté par le facilitateur de la Maison de l'emploi de Dijon, "
        "il est l'interlocuteur privilégié de la mission régionale des achats de l'État "
        "(article 5 de la convention).",
    },
    {
        "slug": "groupe-travail-clauses-agglomeration-bordelaise",
        "name": "Groupe de travail clauses sociales de l'agglomération bordelaise",
        "kind": CommitteeKind.WORKING_GROUP,
        "convention": None,
        "network": None,
        "description": "Mis en place depuis janvier 2009 entre la CUB, la Région, le "
        "Département, les partenaires emploi-insertion et les fédérations professionnelles du "
        "BTP (accord-cadre CUB / URPA, article 2).",
    },
    {
        "slug": "groupe-travail-charges-mission-urpa",
        "name": "Groupe de travail des chargées de mission clauses sociales de l'URPA",
        "kind": CommitteeKind.WORKING_GROUP,
        "convention": None,
        "network": "urpa",
        "description": "Les chargées de mission clauses sociales des PLIE d'Aquitaine "
        "(accord-cadre CUB / URPA, article 2).",
    },
]

COPIL_ATTENDEES = (
    "Élu communautaire en charge de l'économie sociale et solidaire (CUB)\n"
    "Élus représentants de l'URPA\n"
    "Techniciens de la CUB en charge des clauses sociales\n"
    "Techniciens des PLIE en charge des clauses sociales"
)

# committee slug, title, start (Europe/Paris), place, agenda
MEETINGS = [
    ("copil-cub-urpa", "Réunion de lancement, à la signature de l'accord-cadre",
     datetime.datetime(2009, 6, 15, 10, 0), "Communauté urbaine de Bordeaux",
     "Signature de l'accord-cadre.\nInstallation du comité de pilotage.\nOrientations "
     "prioritaires de l'article 2.\nDate indicative : l'accord prévoit cette réunion à la "
     "signature."),
    ("copil-cub-urpa", "Bilan à mi-parcours", datetime.datetime(2011, 2, 15, 10, 0),
     "Communauté urbaine de Bordeaux",
     "Bilan à mi-parcours des actions menées en commun.\nDate indicative : l'accord prévoit "
     "cette réunion « début 2011 »."),
    ("copil-cub-urpa", "Bilan définitif, en fin de conventionnement",
     datetime.datetime(2011, 12, 6, 10, 0), "Communauté urbaine de Bordeaux",
     "Bilan définitif des actions menées en commun.\nDate indicative : l'accord prévoit "
     "cette réunion en fin de conventionnement."),
]

# username: first name, last name, role, anchor slug, organisation slug
DEMO_ACCOUNTS = [
    ("admin", "Administratrice", "du portail (démo)", "administrator", None, None),
    ("editeur", "Éditeur", "des ressources (démo)", "editor", None, "urpa"),
    ("coordination.bourgogne", "Coordinatrice", "régionale Bourgogne (démo)", "coordinator",
     "urmdef-plie-bourgogne", "mdef-plie-bassin-dijonnais"),
    ("facilitateur.dijon", "Facilitateur", "Bassin dijonnais (démo)", "facilitator",
     "bassin-dijonnais", "mdef-plie-bassin-dijonnais"),
    ("facilitateur.nevers", "Facilitatrice", "Agglomération de Nevers (démo)", "facilitator",
     "agglomeration-nevers", "plie-agglomeration-nevers"),
    ("acheteur.cmra", "Chargé de mission", "régional achat (démo)", "buyer_referent",
     "mission-regionale-achats-etat-bourgogne", "mission-regionale-achats-etat-bourgogne"),
    ("membre.urpa", "Membre", "du comité CUB / URPA (démo)", "committee_member",
     "copil-cub-urpa", "urpa"),
    # Its company is demo data of the clauses app, which makes it the company's referent
    # (clauses/demo_company.py).
    ("entreprise.batiments", "Référente", "Bâtiments Exemple (démo)", "company_referent",
     None, None),
]
