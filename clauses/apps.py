from django.apps import AppConfig


class ClausesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "clauses"
    verbose_name = "Suivi des clauses"

    def ready(self):
        # These modules import the models, which are loaded only now.
        from clauses import (  # noqa: F401 - notifications and viewsets declare their kinds
            attention,
            navigation,
            notifications,
            signals,
            viewsets,
        )
        from clauses.bilans import cache as bilan_cache
        from clauses.bilans import figures
        from clauses.bilans.panel import register_dashboard_panel

        attention.register_dashboard_panels()
        register_dashboard_panel()
        navigation.register_entries()
        navigation.register_dashboard_panel()
        viewsets.register_policies()
        signals.connect()
        figures.connect()
        bilan_cache.connect()
