"""Make the bilans' maintained monthly figures again from the declarations."""

from django.core.management.base import BaseCommand

from clauses.bilans import figures


class Command(BaseCommand):
    help = ("Reconstruit les chiffres des bilans (heures des placements par année et par mois) "
            "à partir des déclarations d'heures.")

    def handle(self, *args, **options):
        rows = figures.rebuild()
        self.stdout.write(self.style.SUCCESS(
            f"Chiffres des bilans reconstruits : {rows} lignes placement-année."
        ))
