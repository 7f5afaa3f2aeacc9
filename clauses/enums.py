from django.db import models


class HoursFormula(models.TextChoices):
    """How the insertion hours of a market are computed (see clauses.calculator)."""

    STANDARD = "standard", "Formule standard"
    CLEANING = "proprete", "Marché de propreté avec reprise du personnel"


class MarketStatus(models.TextChoices):
    """Where a market stands in the pipeline of the Bourgogne convention's annex."""

    FORECAST = "prevision", "Prévision"
    STUDIED = "opportunite_etudiee", "Opportunité étudiée"
    DRAFTING = "clause_en_redaction", "Clause en rédaction"
    PUBLISHED = "consultation_publiee", "Consultation publiée"
    AWARDED = "attribue", "Attribué"
    IN_EXECUTION = "en_execution", "En exécution"
    COMPLETED = "termine", "Terminé"
    ABANDONED = "abandonne", "Abandonné"


class Feasibility(models.TextChoices):
    FEASIBLE = "faisable", "Faisable"
    NOT_FEASIBLE = "non_faisable", "Non faisable"


class Procedure(models.TextChoices):
    """Procedures, worded as the DECP open data writes them."""

    ADAPTED = "procedure_adaptee", "Procédure adaptée"
    OPEN_TENDER = "appel_offres_ouvert", "Appel d'offres ouvert"
    RESTRICTED_TENDER = "appel_offres_restreint", "Appel d'offres restreint"
    COMPETITIVE_NEGOTIATION = (
        "procedure_concurrentielle_negociation",
        "Procédure concurrentielle avec négociation",
    )
    NEGOTIATED = (
        "procedure_negociee_mise_en_concurrence",
        "Procédure négociée avec mise en concurrence préalable",
    )
    NEGOTIATED_WITHOUT_NOTICE = (
        "marche_negocie_sans_publicite",
        "Marché négocié sans publicité ni mise en concurrence préalable",
    )
    COMPETITIVE_DIALOGUE = "dialogue_competitif", "Dialogue compétitif"


class ClauseHoursMode(models.TextChoices):
    CALCULATED = "calculees", "Calculées avec le calculateur"
    FIXED = "forfait", "Nombre d'heures fixé"


class Sex(models.TextChoices):
    FEMALE = "F", "Femme"
    MALE = "M", "Homme"


class DiplomaLevel(models.TextChoices):
    """Levels of the 2019 national qualifications framework (niveaux 1 to 8)."""

    NONE = "sans_diplome", "Sans diplôme (niveaux 1 et 2)"
    LEVEL_3 = "niveau_3", "Niveau 3 — CAP, BEP"
    LEVEL_4 = "niveau_4", "Niveau 4 — baccalauréat"
    LEVEL_5 = "niveau_5", "Niveau 5 — bac + 2 (BTS, DUT)"
    LEVEL_6 = "niveau_6", "Niveau 6 — bac + 3 ou 4 (licence)"
    LEVEL_7 = "niveau_7", "Niveau 7 — bac + 5 (master)"
    LEVEL_8 = "niveau_8", "Niveau 8 — doctorat"


class EligibilityCriterion(models.TextChoices):
    """The referential of eligibility criteria (DESIGN.md §3)."""

    LONG_TERM_JOB_SEEKER = (
        "demandeur_emploi_longue_duree",
        "Demandeur d'emploi de longue durée (12 mois et plus)",
    )
    RSA = "rsa", "Allocataire du RSA"
    ASS = "ass", "Allocataire de l'ASS"
    AAH = "aah", "Allocataire de l'AAH"
    RQTH = "rqth", "Travailleur handicapé (RQTH)"
    YOUNG_LOW_QUALIFICATION = (
        "jeune_moins_26_peu_qualifie",
        "Jeune de moins de 26 ans peu qualifié",
    )
    OVER_50 = "plus_50_ans", "Demandeur d'emploi de plus de 50 ans"
    QPV = "residant_qpv", "Habitant d'un quartier prioritaire (QPV)"
    SIAE_EMPLOYEE = "salarie_siae", "Salarié d'une SIAE (EI, AI, ACI, ETTI)"
    GEIQ_EMPLOYEE = "salarie_geiq", "Salarié d'un GEIQ"


class ProofKind(models.TextChoices):
    """What a document proving an eligibility criterion is."""

    FRANCE_TRAVAIL = "attestation_france_travail", "Attestation France Travail"
    CAF = "notification_caf", "Notification CAF (RSA, AAH)"
    RQTH = "decision_rqth", "Décision RQTH (MDPH)"
    QPV_ADDRESS = "attestation_domicile_qpv", "Attestation de domicile en QPV"
    EMPLOYER = "attestation_siae_geiq", "Attestation de la SIAE ou du GEIQ"
    PRESCRIPTION = "fiche_prescription", "Fiche de prescription"
    OTHER = "autre", "Autre justificatif"


class Modality(models.TextChoices):
    """How the contractor meets its clause (the bilan's « modalités d'application »)."""

    DIRECT_HIRE = "embauche_directe", "Embauche directe"
    PROVISION = "mise_a_disposition", "Mise à disposition (ETTI, AI, GEIQ)"
    SUBCONTRACTING_SIAE = "sous_traitance_siae", "Sous-traitance avec une SIAE"
    COCONTRACTING_SIAE = "co_traitance_siae", "Co-traitance avec une SIAE"
    TRAINING = "formation", "Formation"


class ContractType(models.TextChoices):
    CDI = "cdi", "CDI"
    CDD = "cdd", "CDD"
    CDDI = "cddi", "CDD d'insertion (CDDI)"
    TEMPORARY = "interim", "Mission d'intérim"
    APPRENTICESHIP = "apprentissage", "Contrat d'apprentissage"
    PROFESSIONALISATION = "professionnalisation", "Contrat de professionnalisation"
    PROVISION = "mise_a_disposition", "Contrat de mise à disposition (AI)"
    TRAINING = "formation", "Stage ou contrat de formation"
    OTHER = "autre", "Autre"


class OutcomeMoment(models.TextChoices):
    END = "fin", "À la fin du placement"
    SIX_MONTHS = "six_mois", "Environ 6 mois après"


class OutcomeCategory(models.TextChoices):
    """Situation of a beneficiary after a placement (DESIGN.md §3)."""

    CDI = "cdi", "CDI"
    LONG_FIXED_TERM = "cdd_interim_6_mois_plus", "CDD ou intérim de 6 mois ou plus"
    SHORT_FIXED_TERM = "cdd_moins_6_mois", "CDD de moins de 6 mois"
    QUALIFYING_TRAINING = "formation_qualifiante", "Formation qualifiante"
    BUSINESS_CREATION = "creation_entreprise", "Création d'entreprise"
    JOB_SEEKER = "demandeur_emploi", "Demandeur d'emploi"
    INACTIVE = "inactif", "Inactif"
    UNKNOWN = "inconnu", "Situation inconnue"


class AuditAction(models.TextChoices):
    VIEW = "consultation", "Consultation"
    CREATE = "creation", "Création"
    CHANGE = "modification", "Modification"
    EXPORT = "export", "Export"
    ANONYMISE = "anonymisation", "Anonymisation"
    # A bilan's breakdown of fewer people than the statistical threshold
    # (clauses.bilans.secrecy) tells about each of them.
    DETAILED_BILAN = "bilan_detaille", "Bilan détaillé sous le seuil statistique"


class DceVerdict(models.TextChoices):
    """The facilitator's review of a market's draft DCE before it is published."""

    CONFORMING = "conforme", "Clause conforme"
    TO_CORRECT = "a_corriger", "À corriger"


class DeclarationStatus(models.TextChoices):
    """Where a month of hours stands: a company's declaration counts only once a
    facilitator validates it; every other channel records validated hours directly."""

    DECLARED = "declaree", "Déclarée par l'entreprise"
    VALIDATED = "validee", "Validée"
    REJECTED = "refusee", "Refusée"


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposee", "Proposée par l'entreprise"
    ACCEPTED = "acceptee", "Placement ouvert"
    REFUSED = "refusee", "Refusée"


class ExchangedDocumentKind(models.TextChoices):
    """A document exchanged with a company about its clauses (its follow-up)."""

    ATTESTATION = "attestation", "Attestation"
    HIRING_PLAN = "planning_embauche", "Planning d'embauche"
    MINUTES = "compte_rendu", "Compte rendu"
    REMINDER_LETTER = "courrier_relance", "Courrier de relance"
    OTHER = "autre", "Autre"


class ExchangeDirection(models.TextChoices):
    RECEIVED = "recu", "Reçu de l'entreprise"
    SENT = "envoye", "Envoyé à l'entreprise"


class FollowUpContactKind(models.TextChoices):
    """How a facilitator met or reached a company."""

    MEETING = "reunion", "Réunion"
    CALL = "appel", "Appel"
    SITE_VISIT = "visite_chantier", "Visite de chantier"
    EMAIL = "courriel", "E-mail"
