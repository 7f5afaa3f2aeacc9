"""The JSON API under /api/v1/ (django-ninja). Each app adds its router here."""

from ninja import NinjaAPI

from clauses.api import router as clauses_router
from clauses.api.errors import install_error_handlers

api = NinjaAPI(
    title="API du portail des clauses sociales",
    version="1",
    description="Suivi des clauses sociales d'insertion : calculateur, marchés, heures, bilans.",
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url=None,
)


# Each app's router, as apps grow: api.add_router("/", some_app.api.router). This module
# is imported by the root urls, once the apps are ready.
api.add_router("/", clauses_router)
install_error_handlers(api)
