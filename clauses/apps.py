from django.apps import AppConfig


class ClausesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "clauses"
    verbose_name = "Suivi des clauses"

    def ready(self):
        from clauses import attention, viewsets

        attention.register_dashboard_panels()
        viewsets.register_policies()
