"""Make the bilans' maintained monthly figures again from the declarations."""

from django.core.management.base import BaseCommand

from clauses.bilans import figures


class Command(BaseCommand):
    help = ("Reconstruit les chiffres mensuels des bilans (heures par clause et par mois, "
            "mois des placements) à partir des déclarations d'heures.")

    def handle(self, *args, **options):
        months, years = figures.rebuild()
        self.stdout.write(self.style.SUCCESS(
            f"Chiffres des bilans reconstruits : {months} lignes clause-mois, "
            f"{years} lignes placement-année."
        ))
