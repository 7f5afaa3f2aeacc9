"""The content types of a search source, read on each search from the content types'
cache: a test that recreates the content types gives new ids, and what was compiled
with the old ones is then under another key (portal.core.precompiled)."""

from __future__ import annotations

import functools

from django.contrib.contenttypes.models import ContentType
from modelsearch.utils import get_descendant_models


@functools.cache
def _descendants(model) -> tuple:
    """`model` and its subclasses (the models of a process do not change)."""
    return tuple(get_descendant_models(model))


def content_type_ids(model) -> list[int]:
    """As modelsearch's get_descendants_content_types_pks, the subclasses found once."""
    return [ct.pk for ct in ContentType.objects.get_for_models(*_descendants(model)).values()]


def content_types(source) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The content types of `source`'s model and its subclasses, and those of the
    subclasses it leaves out, as read now (a test that recreates the content types
    gives new ids: the SQL compiled with the old ones is then under another key)."""
    return (tuple(content_type_ids(source.model)),
            tuple(pk for model in source.leaves_out for pk in content_type_ids(model)))
