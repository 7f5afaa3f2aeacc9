"""The one pagination of the API's lists: `limit` and `offset`, bounded and documented.

Unbounded, an offset past the database's integers (offset=99999999999999999999) made the
query itself fail; every list now checks both before any query and answers 422 in the
API's French shape ({"erreurs": {"offset": ["…"]}}, clauses.api.errors), and the
OpenAPI schema gives the bounds (minimum, maximum, default).
"""

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

DEFAULT_PAGE = 100
MAX_PAGE = 500
# Far beyond any list of the portal (20,000 markets at the largest scale tested), far
# below the database's integers.
MAX_OFFSET = 1_000_000


class BoundedPagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(
            DEFAULT_PAGE, ge=1, le=MAX_PAGE,
            description=f"Nombre d'éléments de la page, de 1 à {MAX_PAGE} "
            f"({DEFAULT_PAGE} par défaut).",
        )
        offset: int = Field(
            0, ge=0, le=MAX_OFFSET,
            description=f"Nombre d'éléments à passer avant la page, de 0 à {MAX_OFFSET} "
            "(0 par défaut). La réponse donne le total dans « count ».",
        )

    def __init__(self, max_limit: int = MAX_PAGE, **kwargs):
        super().__init__(max_limit=min(max_limit, MAX_PAGE), **kwargs)
