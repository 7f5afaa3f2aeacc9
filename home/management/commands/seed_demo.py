"""Load the demo data of every app. Safe to run any number of times."""

from django.core.management.base import BaseCommand

from home import demo as home_demo

# Each app's demo module exposes seed(); order matters (network before the
# publications and markets that refer to it).
SEEDERS = [home_demo.seed]


class Command(BaseCommand):
    help = "Charge les données de démonstration (idempotent)."

    def handle(self, *args, **options):
        for seeder in SEEDERS:
            seeder()
        self.stdout.write(self.style.SUCCESS("Données de démonstration à jour."))
