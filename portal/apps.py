from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portail"

    def ready(self):
        # These modules import the models, which are loaded only now.
        # Every process that can change content (web workers, admin, management
        # commands) refreshes the visitors' page cache.
        from portal import admin_exports
        from portal.cache import connect_signals
        from portal.core import clause_library
        from resources.clause_library import published

        connect_signals()
        # Wagtail's admin exports neutralise formulas like every file the portal writes.
        admin_exports.install()
        # The market follow-up drafts clauses from the library's templates; neither app
        # may import the other, so the wiring joins them here.
        clause_library.provide(published)
