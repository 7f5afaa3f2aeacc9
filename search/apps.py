from django.apps import AppConfig
from django.conf import settings
from django.db.backends.signals import connection_created

from search.sql import register_sqlite_functions


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    verbose_name = "Recherche"

    def ready(self):
        connection_created.connect(register_sqlite_functions, dispatch_uid="search_sqlite_fold")
        if settings.ELASTICSEARCH_URL and "elasticsearch" in str(
            settings.WAGTAILSEARCH_BACKENDS.get("default", {}).get("BACKEND", "")
        ):
            # Models are ready only now, and the Elasticsearch client is loaded only
            # where Elasticsearch is configured.
            from search import signals

            signals.connect()
