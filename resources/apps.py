from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "resources"
    verbose_name = "Ressources"

    def ready(self):
        from resources import notifications

        notifications.connect()
