from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from elasticsearch import ApiError, TransportError

from search.elasticsearch.documents import market_index_name
from search.elasticsearch.indexing import client, rebuild_market_index


class Command(BaseCommand):
    help = (
        "Reconstruit l'index Elasticsearch des marchés (nouvel index rempli en une fois, "
        "puis l'alias basculé). Les pages et les documents : manage.py update_index."
    )

    def handle(self, **options):
        if not settings.ELASTICSEARCH_URL:
            raise CommandError(
                "ELASTICSEARCH_URL n'est pas défini : sans Elasticsearch, les marchés sont "
                "cherchés directement dans la base de données et il n'y a rien à indexer."
            )
        try:
            index, count = rebuild_market_index(client())
        except (ApiError, TransportError) as error:
            raise CommandError(f"Elasticsearch a refusé la reconstruction : {error}") from error
        self.stdout.write(self.style.SUCCESS(
            f"{count} marché{'s' if count > 1 else ''} indexé{'s' if count > 1 else ''} "
            f"dans {index} (alias {market_index_name()})."
        ))
