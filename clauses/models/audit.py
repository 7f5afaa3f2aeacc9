from django.conf import settings
from django.db import models

from clauses.enums import AuditAction
from clauses.models.people import Beneficiary


class PersonalDataLog(models.Model):
    """Who viewed or changed which personal fields of a beneficiary, and when.

    Rows outlive the beneficiary's anonymisation: the pseudonym and the territory
    are copied so that the log stays readable and anchored.
    """

    at = models.DateTimeField("date", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="utilisateur", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    username = models.CharField("identifiant", max_length=150, blank=True)
    action = models.CharField("action", max_length=20, choices=AuditAction.choices)
    beneficiary = models.ForeignKey(
        "clauses.Beneficiary", verbose_name="bénéficiaire", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="audit_entries",
    )
    pseudonym = models.CharField("pseudonyme", max_length=20, blank=True)
    territory = models.ForeignKey(
        "network.Territory", verbose_name="territoire", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    fields = models.JSONField("champs", default=list, blank=True)
    context = models.CharField("écran", max_length=200, blank=True)

    permission_anchors = {"territory": "territory"}

    class Meta:
        verbose_name = "accès aux données personnelles"
        verbose_name_plural = "journal des accès aux données personnelles"
        ordering = ["-at", "-pk"]

    def __str__(self):
        return (
            f"{self.at:%d/%m/%Y %H:%M} {self.username} — "
            f"{self.get_action_display()} {self.pseudonym}"
        )

    @property
    def fields_display(self) -> str:
        labels = {
            field.name: str(field.verbose_name)
            for field in Beneficiary._meta.get_fields() if hasattr(field, "verbose_name")
        }
        labels["criteria"] = "critères d'éligibilité"
        # A hire proposal's contact (clauses.audit.log_proposals_view).
        labels["contact"] = "téléphone ou courriel"
        labels["eligibility_proofs"] = "justificatifs d'éligibilité"
        # What a detailed bilan tells of each person besides their record's fields.
        labels["placements"] = "modalités et contrats des placements"
        labels["outcomes"] = "situations à la sortie"
        return ", ".join(labels.get(name, name) for name in self.fields)
