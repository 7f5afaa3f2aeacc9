"""The lists of people followed: beneficiaries, placements and months of hours."""

from __future__ import annotations

import datetime

from django import forms
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from clauses import progress
from clauses.enums import ContractType, EligibilityCriterion, Modality
from clauses.flags import permission_flag
from clauses.forms.fields import MonthField
from clauses.listings.base import Column, Listing, ListingForm, Sort
from clauses.models import Beneficiary, HoursDeclaration, PersonalDataLog, Placement
from clauses.rules.eligibility import REVALIDATION_NOTICE_DAYS
from network.models import Territory
from network.permissions import Action, filter_queryset, has_any_anchor

ELIGIBILITY = [("", "Toutes"), ("a_valider", "À valider"), ("validee", "Validée"),
               ("a_revalider", "À revalider (expirée ou expirant sous 30 jours)"),
               ("anonymisee", "Anonymisée")]
PLACEMENT_STATES = [("", "Tous"), ("en_cours", "En cours"), ("a_venir", "À venir"),
                    ("termine", "Terminé")]


def territory_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label="Territoire de suivi", queryset=Territory.objects.none(), required=False,
        empty_label="Tous", to_field_name="slug",
    )


def _named(user, path: str = "pk") -> Q:
    """Rows whose person's personal data `user` sees: only those are searched by name."""
    return Q(**{f"{path}__in": filter_queryset(
        user, Action.VIEW_PERSONAL_DATA, Beneficiary.objects.all()
    ).values("pk")})


def words_q(words: str, user, person: str, fields: tuple[str, ...]) -> Q:
    """Each word found in one of `fields`, or in the name of a person the user may name."""
    prefix = f"{person}__" if person != "pk" else ""
    condition = Q()
    for word in words.split():
        names = Q(**{f"{prefix}last_name__icontains": word}) | Q(
            **{f"{prefix}first_name__icontains": word})
        found = Q(**{f"{prefix}pseudonym__icontains": word}) | (names & _named(user, person))
        for name in fields:
            found |= Q(**{f"{name}__icontains": word})
        condition &= found
    return condition


def _eligibility(b: Beneficiary) -> str:
    if b.anonymised_at:
        return "Anonymisée"
    if not b.eligibility_validated:
        return "À valider"
    today = timezone.localdate()
    if b.revalidation_due(today):
        ended = "expirée le" if b.eligibility_valid_until < today else "expire le"
        return f"Validée, à revalider : {ended} {b.eligibility_valid_until:%d/%m/%Y}"
    return "Validée"


def _local_day(value):
    return timezone.localtime(value).date() if value else None


class BeneficiaryFilters(ListingForm):
    territoire = territory_field()
    eligibilite = forms.ChoiceField(label="Éligibilité", choices=ELIGIBILITY, required=False)
    critere = forms.ChoiceField(
        label="Critère d'éligibilité", choices=[("", "Tous"), *EligibilityCriterion.choices],
        required=False,
    )
    sorts = (
        Sort("pseudonyme", "Pseudonyme", ("pseudonym",)),
        Sort("recentes", "Fiches les plus récentes", ("-created_at", "-pk")),
        Sort("territoire", "Territoire", ("territory__name", "pseudonym")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territoire"].queryset = Territory.objects.filter(
            pk__in=self.visible.values("territory")).order_by("name")

    def search(self, rows, words):
        return rows.filter(words_q(words, self.user, "pk", ()))

    def filter(self, rows, data):
        if data.get("territoire"):
            rows = rows.filter(territory=data["territoire"])
        eligibility = data.get("eligibilite")
        if eligibility == "anonymisee":
            rows = rows.filter(anonymised_at__isnull=False)
        elif eligibility == "a_revalider":
            horizon = timezone.localdate() + datetime.timedelta(days=REVALIDATION_NOTICE_DAYS)
            rows = rows.filter(anonymised_at__isnull=True, eligibility_validated_at__isnull=False,
                               eligibility_valid_until__lte=horizon)
        elif eligibility:
            rows = rows.filter(anonymised_at__isnull=True,
                               eligibility_validated_at__isnull=eligibility == "a_valider")
        if data.get("critere"):
            # Criteria are personal: only the people the user may name are sorted by them.
            rows = rows.filter(_named(self.user), criteria__criterion=data["critere"])
        return rows


class BeneficiaryListing(Listing):
    key = "beneficiary_list"
    title = "Bénéficiaires"
    intro = ("Les personnes suivies sur vos territoires. Chaque consultation ou export de "
             "leurs données personnelles est enregistré dans un journal.")
    noun = ("bénéficiaire", "bénéficiaires")
    empty = "Aucun bénéficiaire ne correspond à ces critères."
    model = Beneficiary
    form_class = BeneficiaryFilters
    refusal = "Les fiches des bénéficiaires sont réservées aux facilitateurs de leur territoire."
    log_context = "Liste des bénéficiaires"

    def rows(self, user):
        return filter_queryset(user, Action.VIEW, Beneficiary.objects.all())

    def decorate(self, rows, user):
        return rows.select_related("territory").prefetch_related("criteria").annotate(
            show_personal=permission_flag(user, Action.VIEW_PERSONAL_DATA, Beneficiary),
        )

    def beneficiary(self, row):
        return row

    def columns(self, user):
        return [
            Column("Pseudonyme", lambda b: b.pseudonym, link=lambda b: b.get_absolute_url()),
            Column("Nom", lambda b: b.last_name, personal=True),
            Column("Prénom", lambda b: b.first_name, personal=True),
            Column("Territoire de suivi", lambda b: b.territory.name),
            Column("Critères d'éligibilité", personal=True, value=lambda b: ", ".join(
                c.get_criterion_display() for c in b.criteria.all())),
            Column("Éligibilité", _eligibility),
            Column("Validée le", lambda b: _local_day(b.eligibility_validated_at)),
            Column("Valable jusqu'au", lambda b: b.eligibility_valid_until
                   if b.eligibility_validated else None),
            Column("Fiche créée le", lambda b: _local_day(b.created_at)),
        ]

    def actions(self, user):
        links = []
        if has_any_anchor(user, Action.DECLARE, Beneficiary):
            links.append(("Nouveau bénéficiaire", reverse("clauses:beneficiary_create")))
        if has_any_anchor(user, Action.VIEW_AUDIT_LOG, PersonalDataLog):
            links.append(("Journal des accès aux données personnelles",
                          reverse("clauses:audit_log")))
        return links


def placement_columns() -> list[Column]:
    """Who, where and what: the first columns of every list of placements."""
    return [
        Column("Pseudonyme", lambda p: p.beneficiary.pseudonym,
               link=lambda p: p.get_absolute_url()),
        Column("Nom", lambda p: p.beneficiary.last_name, personal=True),
        Column("Prénom", lambda p: p.beneficiary.first_name, personal=True),
        Column("Marché", lambda p: p.clause.market.reference,
               link=lambda p: p.clause.market.get_absolute_url()),
        Column("Employeur", lambda p: p.employer.name),
        Column("Poste", lambda p: p.job_label),
    ]


class PlacementFilters(ListingForm):
    etat = forms.ChoiceField(label="État", choices=PLACEMENT_STATES, required=False)
    territoire = territory_field()
    modalite = forms.ChoiceField(label="Modalité", choices=[("", "Toutes"), *Modality.choices],
                                 required=False)
    contrat = forms.ChoiceField(label="Type de contrat",
                                choices=[("", "Tous"), *ContractType.choices], required=False)
    sorts = (
        Sort("debut_recent", "Début, le plus récent d'abord", ("-starts_on", "-pk")),
        Sort("debut", "Début, le plus ancien d'abord", ("starts_on", "pk")),
        Sort("marche", "Marché", ("clause__market__reference", "-starts_on", "-pk")),
        Sort("pseudonyme", "Pseudonyme", ("beneficiary__pseudonym", "-starts_on", "-pk")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territoire"].queryset = Territory.objects.filter(
            pk__in=self.visible.values("beneficiary__territory")).order_by("name")

    def search(self, rows, words):
        return rows.filter(words_q(words, self.user, "beneficiary", (
            "clause__market__reference", "clause__market__title", "job_label",
            "employer__name")))

    def filter(self, rows, data):
        today = timezone.localdate()
        state = data.get("etat")
        if state == "en_cours":
            rows = rows.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today),
                               starts_on__lte=today)
        elif state == "a_venir":
            rows = rows.filter(starts_on__gt=today)
        elif state == "termine":
            rows = rows.filter(ends_on__lt=today)
        if data.get("territoire"):
            rows = rows.filter(beneficiary__territory=data["territoire"])
        if data.get("modalite"):
            rows = rows.filter(modality=data["modalite"])
        if data.get("contrat"):
            rows = rows.filter(contract_type=data["contrat"])
        return rows


class PlacementListing(Listing):
    key = "placement_list"
    title = "Placements"
    intro = ("Les placements des personnes suivies sur les marchés que vous voyez : ouverts, "
             "terminés ou à venir, avec leurs heures déclarées.")
    noun = ("placement", "placements")
    empty = "Aucun placement ne correspond à ces critères."
    model = Placement
    form_class = PlacementFilters
    refusal = "Les placements sont réservés aux facilitateurs et aux référents des marchés."
    log_context = "Liste des placements"

    def rows(self, user):
        return filter_queryset(user, Action.VIEW, Placement.objects.all())

    def decorate(self, rows, user):
        return rows.select_related("beneficiary", "clause__market", "employer").annotate(
            hours_total=progress.placement_hours(),
            show_personal=permission_flag(user, Action.VIEW_PERSONAL_DATA, Beneficiary,
                                          "beneficiary"),
            can_declare=permission_flag(user, Action.DECLARE, Placement),
        )

    def beneficiary(self, row):
        return row.beneficiary

    def columns(self, user):
        return [
            *placement_columns(),
            Column("Modalité", lambda p: p.get_modality_display()),
            Column("Contrat", lambda p: p.get_contract_type_display()),
            Column("Début", lambda p: p.starts_on),
            Column("Fin", lambda p: p.ends_on),
            Column("Heures déclarées", lambda p: p.hours_total, numeric=True),
            Column("Action", exported=False,
                   value=lambda p: "Déclarer des heures" if p.can_declare else None,
                   link=lambda p: reverse("clauses:declaration_create", args=[p.pk])),
        ]

    def actions(self, user):
        links = []
        if has_any_anchor(user, Action.DECLARE, Placement):
            links.append(("Sorties à renseigner", reverse("clauses:outcomes_due")))
            links.append(("Importer des heures (CSV, XLSX)", reverse("clauses:hours_import")))
        return links


class HoursFilters(ListingForm):
    du = MonthField(label="Du mois", required=False)
    au = MonthField(label="Au mois", required=False)
    territoire = territory_field()
    sorts = (
        Sort("mois_recent", "Mois, le plus récent d'abord",
             ("-month", "placement__beneficiary__pseudonym", "pk")),
        Sort("mois", "Mois, le plus ancien d'abord",
             ("month", "placement__beneficiary__pseudonym", "pk")),
        Sort("pseudonyme", "Pseudonyme", ("placement__beneficiary__pseudonym", "-month", "pk")),
        Sort("modifiees", "Modifiées récemment", (F("updated_at").desc(), "-pk")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territoire"].queryset = Territory.objects.filter(
            pk__in=self.visible.values("placement__beneficiary__territory")).order_by("name")

    def search(self, rows, words):
        return rows.filter(words_q(words, self.user, "placement__beneficiary", (
            "placement__clause__market__reference", "credited_clause__market__reference")))

    def filter(self, rows, data):
        if data.get("du"):
            rows = rows.filter(month__gte=data["du"])
        if data.get("au"):
            rows = rows.filter(month__lte=data["au"])
        if data.get("territoire"):
            rows = rows.filter(placement__beneficiary__territory=data["territoire"])
        return rows


class HoursListing(Listing):
    key = "hours_list"
    title = "Heures déclarées"
    intro = ("Les heures de chaque personne, mois par mois, et la clause à laquelle elles "
             "sont créditées. Saisissez un mois depuis un placement, ou importez un fichier.")
    noun = ("mois déclaré", "mois déclarés")
    empty = "Aucune heure déclarée ne correspond à ces critères."
    model = HoursDeclaration
    form_class = HoursFilters
    refusal = "Les heures sont réservées aux facilitateurs et aux référents des marchés."
    log_context = "Liste des heures"

    def rows(self, user):
        return filter_queryset(user, Action.VIEW, HoursDeclaration.objects.all())

    def decorate(self, rows, user):
        return rows.select_related(
            "placement__beneficiary", "placement__clause__market",
            "credited_clause__market", "credited_clause__lot",
        ).annotate(
            show_personal=permission_flag(user, Action.VIEW_PERSONAL_DATA, Beneficiary,
                                          "placement__beneficiary"),
            can_declare=permission_flag(user, Action.DECLARE, HoursDeclaration),
        )

    def beneficiary(self, row):
        return row.placement.beneficiary

    def columns(self, user):
        def person(d):
            return d.placement.beneficiary

        return [
            Column("Mois", lambda d: f"{d.month:%m/%Y}"),
            Column("Pseudonyme", lambda d: person(d).pseudonym,
                   link=lambda d: d.placement.get_absolute_url()),
            Column("Nom", lambda d: person(d).last_name, personal=True),
            Column("Prénom", lambda d: person(d).first_name, personal=True),
            Column("Marché du placement", lambda d: d.placement.clause.market.reference,
                   link=lambda d: d.placement.clause.market.get_absolute_url()),
            Column("Clause créditée", lambda d: str(d.credited_clause)),
            Column("Heures travaillées", lambda d: d.hours_worked, numeric=True),
            Column("Heures de formation", lambda d: d.training_hours, numeric=True),
            Column("Total", lambda d: d.total_hours, numeric=True),
            # Hours a company declared count only once validated.
            Column("Statut", lambda d: d.get_status_display()),
            Column("Modifiée le", lambda d: _local_day(d.updated_at)),
            Column("Action", exported=False,
                   value=lambda d: "Corriger" if d.can_declare else None,
                   link=lambda d: reverse("clauses:declaration_edit", args=[d.pk])),
        ]

    def actions(self, user):
        links = []
        if has_any_anchor(user, Action.DECLARE, HoursDeclaration):
            links.append(("Importer des heures (CSV, XLSX)", reverse("clauses:hours_import")))
            links.append(("Saisir les heures d'un placement en cours",
                          reverse("clauses:placement_list") + "?etat=en_cours"))
        return links
