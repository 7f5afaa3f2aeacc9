from django.apps import AppConfig


class ClausesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "clauses"
    verbose_name = "Suivi des clauses"

    def ready(self):
        from clauses import attention, listing_cache, search_text, viewsets
        from clauses.bilans.panel import register_dashboard_panel

        attention.register_dashboard_panels()
        register_dashboard_panel()
        viewsets.register_policies()
        listing_cache.connect_signals()
        search_text.connect_signals()
