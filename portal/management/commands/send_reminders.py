"""The time-based notifications and the digests: one command for cron, idempotent.

Each app's reminder producer stores what is due today (network: conventions and
meetings; clauses: DCE consultations, missing hours, outcomes, clauses behind). A
reminder is stored once per person, kind, object and period (a deadline, a month), so
that running the command twice in the same hour, or the same day, adds nothing and
e-mails nothing twice. Then the digests due today are enqueued, and so are immediate
e-mails that have waited too long (a stopped worker), on Django's task framework.

Wiring: the one place that knows every app's producers.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from clauses import reminders as clauses_reminders
from network.notifications import delivery
from network.notifications import reminders as network_reminders

PRODUCERS = [
    ("réseau (conventions, réunions)", network_reminders.produce),
    ("suivi des marchés", clauses_reminders.produce),
]


class Command(BaseCommand):
    help = ("Produit les rappels du jour (idempotent) et met en file les résumés "
            "quotidiens et hebdomadaires par courriel.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help="Jour à traiter (AAAA-MM-JJ), aujourd'hui par défaut (essais).",
        )

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options.get("date"):
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError("La date s'écrit AAAA-MM-JJ.") from error
        for label, produce in PRODUCERS:
            # One transaction per app: the e-mails go out once it commits, what one
            # person got from it grouped in one e-mail.
            with transaction.atomic():
                stored = produce(today)
            self.stdout.write(f"{label} : {stored} notification(s) enregistrée(s)")
        stale = delivery.stale_immediate()
        if stale:
            delivery.send_immediate.enqueue(stale)
        delivery.send_digests.enqueue(today.isoformat())
        self.stdout.write(self.style.SUCCESS("Rappels produits ; résumés mis en file d'envoi."))
