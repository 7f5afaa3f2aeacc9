"""French answers for the whole API: 401, 404 and 422 in the shapes clients rely on.

Errors of input are {"erreurs": {"champ": ["message"]}}, as the calculator answers
(clauses.api.calculator.ErrorsOut); other refusals are {"detail": "message"}.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest
from django.utils import numberformat
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

MESSAGE_UNAUTHENTICATED = (
    "Authentification requise : connectez-vous au portail ou envoyez un jeton d'API dans "
    "l'en-tête « Authorization: Bearer <jeton> » (manage.py create_api_token)."
)
MESSAGE_NOT_FOUND = "Introuvable, ou hors de ce que votre compte peut voir."
# pydantic error types, for input that does not even have the expected type.
MESSAGES = {
    "missing": "Ce champ est obligatoire.",
    "int_parsing": "Saisissez un nombre entier.",
    "int_type": "Saisissez un nombre entier.",
    "int_from_float": "Saisissez un nombre entier.",
    "float_parsing": "Saisissez un nombre.",
    "float_type": "Saisissez un nombre.",
    "decimal_parsing": "Saisissez un nombre.",
    "string_type": "Saisissez un texte.",
    "bool_parsing": "Saisissez vrai ou faux.",
    "greater_than_equal": "Cette valeur doit être au moins {ge}.",
    "greater_than": "Cette valeur doit être supérieure à {gt}.",
    "less_than_equal": "Cette valeur doit être au plus {le}.",
    "less_than": "Cette valeur doit être inférieure à {lt}.",
    "json_invalid": "Le corps de la requête n'est pas un JSON valide.",
    "model_attributes_type": "Le corps de la requête doit être un objet JSON.",
    "dict_type": "Le corps de la requête doit être un objet JSON.",
    "enum": "Valeur inconnue : choisissez parmi {expected}.",
    "literal_error": "Valeur inconnue : choisissez parmi {expected}.",
}
SOURCES = {"body", "query", "path", "header", "cookie", "form", "payload", "data"}


def errors_body(errors: dict[str, list[str]]) -> dict:
    return {"erreurs": errors}


def from_django(error: DjangoValidationError) -> dict:
    """{"erreurs": …} from a Django ValidationError raised with a dict of fields."""
    return errors_body(error.message_dict)


def renamed(error: DjangoValidationError, names: dict[str, str]) -> dict:
    """{"erreurs": …} from any Django ValidationError, the operation's field names
    given as the API's (`names`); messages without a field under "__all__"."""
    fields = error.message_dict if hasattr(error, "error_dict") else {
        "__all__": error.messages}
    body: dict[str, list[str]] = {}
    for field, messages in fields.items():
        body.setdefault(names.get(field, field), []).extend(messages)
    return errors_body(body)


def _field_of(location) -> str:
    parts = [str(part) for part in location if str(part) not in SOURCES]
    return parts[-1] if parts else "corps"


def _message(error: dict) -> str:
    """The French message of one pydantic error, with its bound (1 000 000) if it has one."""
    template = MESSAGES.get(error.get("type", ""), "Valeur incorrecte.")
    bounds = {
        name: numberformat.format(value, ",", grouping=3, thousand_sep="\u202f",
                                  force_grouping=True)
        if isinstance(value, int)
        # pydantic lists the choices in English ("'a', 'b' or 'c'").
        else value.replace("' or '", "' ou '") if isinstance(value, str) else value
        for name, value in (error.get("ctx") or {}).items()
    }
    try:
        return template.format(**bounds)
    except (KeyError, IndexError):
        return "Valeur incorrecte."


def _validation(api: NinjaAPI, request: HttpRequest, exc: ValidationError):
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        field = _field_of(error.get("loc", ()))
        message = _message(error)
        if message not in fields.setdefault(field, []):
            fields[field].append(message)
    return api.create_response(request, errors_body(fields), status=422)


def _unauthenticated(api: NinjaAPI, request: HttpRequest, exc: AuthenticationError):
    response = api.create_response(request, {"detail": MESSAGE_UNAUTHENTICATED}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def _not_found(api: NinjaAPI, request: HttpRequest, exc: Http404):
    return api.create_response(request, {"detail": MESSAGE_NOT_FOUND}, status=404)


def install_error_handlers(api: NinjaAPI) -> None:
    api.add_exception_handler(ValidationError, lambda r, e: _validation(api, r, e))
    api.add_exception_handler(AuthenticationError, lambda r, e: _unauthenticated(api, r, e))
    api.add_exception_handler(Http404, lambda r, e: _not_found(api, r, e))
