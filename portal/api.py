"""The JSON API under /api/v1/ (django-ninja). Each app adds its router here."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="API du portail des clauses sociales",
    version="1",
    description="Suivi des clauses sociales d'insertion : calculateur, marchés, heures, bilans.",
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url=None,
)


def register_routers() -> None:
    """Import the apps' routers late, so that models are ready."""
    # Routers are added here as apps grow: api.add_router("/", some_app.api.router)
    from clauses.api import router as clauses_router
    from clauses.api.errors import install_error_handlers

    api.add_router("/", clauses_router)
    install_error_handlers(api)


register_routers()
