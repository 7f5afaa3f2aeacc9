from django.conf import settings
from django.db import models

from clauses.enums import ContractType, Modality, ProposalStatus


class HireProposal(models.Model):
    """A hire a company referent proposes on one of their company's clauses.

    Kept apart from placements, so that no count, list, bilan or reminder has to leave it
    out: the placement exists only once a facilitator has validated the person's
    eligibility and opened it (clauses.operations.placements), and the proposal then
    points to it. Its names are personal data (purged with the proposal).
    """

    company = models.ForeignKey(
        "network.Organisation", verbose_name="entreprise", on_delete=models.CASCADE,
        related_name="hire_proposals",
    )
    clause = models.ForeignKey(
        "clauses.Clause", verbose_name="clause", on_delete=models.CASCADE,
        related_name="hire_proposals",
    )
    last_name = models.CharField("nom", max_length=150)
    first_name = models.CharField("prénom", max_length=150)
    birth_date = models.DateField("date de naissance", null=True, blank=True)
    contact = models.CharField("téléphone ou courriel", max_length=200, blank=True)
    modality = models.CharField("modalité", max_length=30, choices=Modality.choices,
                                default=Modality.DIRECT_HIRE)
    contract_type = models.CharField("type de contrat", max_length=30,
                                     choices=ContractType.choices)
    job_label = models.CharField("poste occupé", max_length=200)
    starts_on = models.DateField("début")
    ends_on = models.DateField("fin", null=True, blank=True)
    notes = models.TextField("observations", blank=True)
    status = models.CharField("statut", max_length=20, choices=ProposalStatus.choices,
                              default=ProposalStatus.PROPOSED)
    refusal_reason = models.TextField("motif du refus", blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="proposée par", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    proposed_at = models.DateTimeField("proposée le", auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="traitée par", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    reviewed_at = models.DateTimeField("traitée le", null=True, blank=True)
    placement = models.OneToOneField(
        "clauses.Placement", verbose_name="placement ouvert", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="proposal",
    )

    # Seen by the company that proposed it and by the facilitators of the market's
    # territories; decided (Action.DECLARE) by those who see personal data there.
    permission_anchors = {
        "territory": ("clause__market__lead_territory", "clause__market__territories"),
        "company": "company",
    }
    permission_anchors_for = {
        action: {"territory": ("clause__market__lead_territory",
                               "clause__market__territories")}
        for action in ("declare", "change", "delete", "view_personal_data")
    } | {"change_lead": {}}

    class Meta:
        verbose_name = "proposition d'embauche"
        verbose_name_plural = "propositions d'embauche"
        ordering = ["-proposed_at", "pk"]

    def __str__(self):
        return f"Proposition {self.pk} — {self.job_label}"
