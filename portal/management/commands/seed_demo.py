"""Load the demo data of every app. Safe to run any number of times.

Demo seeding is wiring: it is the one place that knows every app, so that no domain
app imports another for demo purposes."""

from django.core.management.base import BaseCommand

from clauses import demo as clauses_demo
from home import demo as home_demo
from network import demo as network_demo
from network.notifications import emails_muted
from resources import demo as resources_demo

# Order matters: the site's home page first, then the network that the publications
# and markets refer to.
SEEDERS = [home_demo.seed, network_demo.seed, resources_demo.seed, clauses_demo.seed]


class Command(BaseCommand):
    help = "Charge les données de démonstration (idempotent)."

    def handle(self, *args, **options):
        # The operations the demo goes through notify the demo accounts, on the portal
        # only: nobody is e-mailed about what a seed did.
        with emails_muted():
            for seeder in SEEDERS:
                seeder()
        self.stdout.write(self.style.SUCCESS("Données de démonstration à jour."))
