from django.apps import AppConfig


class NetworkConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "network"
    verbose_name = "Réseau"

    def ready(self):
        # These modules import the models, which are loaded only now.
        from network import panels, policies, signals, tokens  # noqa: F401 - connects the receivers
        from network.notifications import moderation, reminders, workspace  # noqa: F401 - kinds

        panels.register()
        panels.register_entries()
        policies.register()
        moderation.connect()
