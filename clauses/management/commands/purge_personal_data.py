"""python manage.py purge_personal_data [--simulation]"""

from django.conf import settings
from django.core.management.base import BaseCommand

from clauses.personal_data import purge, retention_cutoff


class Command(BaseCommand):
    help = (
        "Anonymise les bénéficiaires sans activité depuis PERSONAL_DATA_RETENTION_YEARS ans "
        "(nom, prénom, date de naissance, adresse, textes libres). Les placements, heures, "
        "sorties et les caractéristiques comptées dans les bilans sont gardés sous le "
        "pseudonyme : les totaux des bilans ne changent pas."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--simulation", action="store_true",
            help="Compter les bénéficiaires concernés sans rien modifier.",
        )

    def handle(self, *args, simulation=False, **options):
        years = settings.PERSONAL_DATA_RETENTION_YEARS
        cutoff = retention_cutoff()
        count = purge(dry_run=simulation)
        since = f"sans activité depuis le {cutoff:%d/%m/%Y} ({years} an{'s' if years > 1 else ''})"
        if simulation:
            self.stdout.write(
                f"Simulation : {count} bénéficiaire(s) seraient anonymisé(s), {since}."
            )
        else:
            self.stdout.write(self.style.SUCCESS(
                f"{count} bénéficiaire(s) anonymisé(s), {since}."
            ))
