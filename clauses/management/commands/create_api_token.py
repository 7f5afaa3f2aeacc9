"""python manage.py create_api_token USERNAME [--nom NOM]"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import APIToken


class Command(BaseCommand):
    help = (
        "Crée un jeton pour l'API /api/v1/ et l'affiche, une seule fois : seule son "
        "empreinte est conservée. Le jeton agit avec les droits du compte ; il s'envoie "
        "dans l'en-tête « Authorization: Bearer <jeton> »."
    )

    def add_arguments(self, parser):
        parser.add_argument("identifiant", help="Identifiant du compte.")
        parser.add_argument(
            "--nom", default="", help="Libellé du jeton, pour le reconnaître ensuite."
        )

    def handle(self, *args, identifiant, nom="", **options):
        user = get_user_model().objects.filter(username=identifiant).first()
        if user is None:
            raise CommandError(f"Compte « {identifiant} » inconnu.")
        if not user.is_active:
            raise CommandError(f"Le compte « {identifiant} » est désactivé.")
        _, token = APIToken.create_token(user=user, name=nom or f"Jeton de {identifiant}")
        # The token alone on stdout, for scripts; the advice on stderr.
        self.stdout.write(token)
        self.stderr.write(
            "Conservez ce jeton maintenant : il ne sera plus jamais affiché. "
            "Envoyez-le dans l'en-tête « Authorization: Bearer <jeton> »."
        )
