"""Load the demo data of every app. Safe to run any number of times."""

from django.core.management.base import BaseCommand

from clauses import demo as clauses_demo
from home import demo as home_demo
from network import demo as network_demo
from resources import demo as resources_demo

# Order matters: the network comes before the publications and markets that
# refer to it.
SEEDERS = [home_demo.seed, network_demo.seed, resources_demo.seed, clauses_demo.seed]


class Command(BaseCommand):
    help = "Charge les données de démonstration (idempotent)."

    def handle(self, *args, **options):
        for seeder in SEEDERS:
            seeder()
        self.stdout.write(self.style.SUCCESS("Données de démonstration à jour."))
