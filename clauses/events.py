"""The one event sent when markets change, whatever the path: a save or deletion, a change
of their territories, a rename of their buyer or lead territory, a bulk write.

Everything derived from markets follows it: the market lists' cache generation
(clauses.listing_cache), and the Elasticsearch market index (search.signals) when one is
configured. The stored search text is refreshed before the event goes out (by the save
itself, or by clauses.signals for renames), so that followers read it current.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.dispatch import Signal

# Arguments: changed (frozenset of market ids whose rows changed) and deleted (frozenset
# of ids of markets that no longer exist).
markets_changed = Signal()


def announce(changed: Iterable[int] = (), deleted: Iterable[int] = ()) -> None:
    changed, deleted = frozenset(changed), frozenset(deleted)
    if changed or deleted:
        markets_changed.send(sender=None, changed=changed, deleted=deleted)
