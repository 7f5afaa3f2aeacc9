"""/recherche/ on 50,000 publications, on SQLite and on PostgreSQL, against a raw
full-text SQL query over the same rows in the same run.

    .venv/bin/python bench/search_latency.py [--publications 50000] [--requests 30]
        [--engines sqlite,postgresql]

For each database (a fresh one: PostgreSQL `clauses_bench_search` on 127.0.0.1:5432 when
it answers, SQLite under var/bench/), a child process:

1. migrates, makes a home page and the library, then inserts the publications in bulk
   (guides with French text drawn from a fixed vocabulary, seed 1; one in ten behind a
   view restriction, so that the search has hidden matches to leave out), and indexes
   them with Wagtail's search backend (the portal's French database backend);
2. serves the portal with one gunicorn worker on 127.0.0.1 (the visitors' page cache
   and results cache off: every request searches) and requests /recherche/ for a
   handful of French queries as a visitor (sequential, bounded), then the same as a
   signed-in member;
3. in the same process and on the same index, times a hand-written full-text query
   returning what the first page needs (the 20 best rows and the total): FTS5 MATCH with
   bm25 on SQLite, ``@@`` with ts_rank and the portal's French configuration on
   PostgreSQL.

Each page's median is printed with its gap to the raw query's and its target: at most
15 ms above the raw query for a query matching a few rows, no slower than the previous
run (bench/results/search_latency.json, same database and volume) for a broad one. The
members' number of results is checked against the raw query's: if they differ, the two do
not search the same way and the comparison is void. The ratio of the medians (visitors'
page / raw query) and the 95th percentiles are printed too. The bare view /bench/nu/
(same server, no database) is printed too: it is the framework's own share of each
request.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402

# Every word of the vocabulary is in most publications (the worst case: ~40,000 of
# 50,000 match); "kiwano" is in two titles in a thousand, one of them restricted (a
# selective query: 100 results for members, 50 for visitors). It is
# searched as written: PostgreSQL's French stemmer keeps "kiwanos" whole (an s after an
# o is not a plural ending for Snowball), so that plural matched nothing there, on the
# page as in the raw query, while SQLite's stem-prefix match found the titles.
QUERIES = [
    "kiwano",
    "marchés publics",
    "clause d'insertion",
    "heures insertion",
    "facilitateur",
    "espaces verts",
    "réhabilitation collège",
]
_VOCABULARY_TEXT = (
    "marché marchés public publics clause clauses sociale sociales insertion heures "
    "facilitateur facilitatrice acheteur acheteurs entreprise entreprises titulaire lot lots "
    "travaux nettoyage propreté espaces verts réhabilitation collège lycée piscine voirie "
    "bâtiment bénéficiaires demandeurs emploi jeunes qualification formation parcours "
    "accompagnement suivi bilan annuel convention partenariat comité pilotage territoire "
    "PLIE maison emploi SIAE entreprise insertion chantier réservé critère exécution "
    "commande publique prescripteur mission locale accord cadre programmation calcul taux "
    "main œuvre coût horaire chargé montant estimation retour expérience modèle guide"
)
VOCABULARY = _VOCABULARY_TEXT.split()
RESTRICTED_SHARE = 10  # one publication in ten is for signed-in members only
BATCH = 2000
# The goal: a query matching a few documents answers within this much of the raw query.
TARGET_ABOVE_RAW_MS = 15
# Up to this many matches, a query is "selective" (search.engine.SELECTIVE_MATCHES).
FEW_MATCHES = 500


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def stats(values: list[float]) -> dict:
    return {"mediane_ms": round(statistics.median(values), 2),
            "p95_ms": round(percentile(values, 0.95), 2)}


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(VOCABULARY) for _ in range(words)).capitalize() + "."


# -- child: one database ---------------------------------------------------------


def build_site():
    from wagtail.models import Page, Site

    from home.models import HomePage
    from resources.models import ResourceIndexPage

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Accueil", slug="accueil-bench"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "127.0.0.1", "port": 80, "root_page": home}
    )
    Page.objects.filter(depth=2).exclude(pk=home.pk).delete()
    return home.add_child(instance=ResourceIndexPage(title="Ressources", slug="ressources"))


def insert_publications(library, count: int, seed: int = 1) -> list[int]:
    """Guides under the library, inserted table by table (tree paths computed here, as
    treebeard would): Wagtail's page creation saves one page at a time."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Locale, Page, PageViewRestriction

    from resources.models import GuidePage, Publication

    rng = random.Random(seed)
    alphabet, steplen = Page.alphabet, Page.steplen
    content_type = ContentType.objects.get_for_model(GuidePage)
    locale = Locale.get_default()
    now = timezone.now()

    def step(n: int) -> str:
        digits = ""
        while n:
            n, rest = divmod(n, len(alphabet))
            digits = alphabet[rest] + digits
        return digits.rjust(steplen, "0")

    ids = []
    for start in range(0, count, BATCH):
        with transaction.atomic():
            guides = []
            for n in range(start, min(count, start + BATCH)):
                title = sentence(rng, rng.randint(3, 7))[:-1]
                # Two titles in a thousand: the first behind the view restriction (the
                # members find it, visitors do not), the second open to everyone.
                if n % 1000 in (0, 1):
                    title += " kiwano"
                slug = f"guide-{n}"
                guides.append(GuidePage(
                    title=title, draft_title=title, slug=slug, content_type=content_type,
                    path=library.path + step(n + 1), depth=library.depth + 1, numchild=0,
                    url_path=f"{library.url_path}{slug}/", live=True, locale=locale,
                    translation_key=uuid.UUID(int=rng.getrandbits(128)),
                    first_published_at=now, last_published_at=now,
                    kind="guide", summary=sentence(rng, 25), year=rng.randint(2008, 2025),
                    body=[{"type": "paragraph",
                           "value": f"<p>{sentence(rng, 120)}</p>"}],
                ))
            bases = Page.objects.bulk_create([
                Page(**{f.attname: getattr(g, f.attname)
                        for f in Page._meta.local_concrete_fields if f.attname != "id"})
                for g in guides
            ])
            for guide, base in zip(guides, bases, strict=True):
                guide.pk = guide.id = guide.page_ptr_id = guide.publication_ptr_id = base.pk
            for model in (Publication, GuidePage):
                model._base_manager._insert(
                    guides, fields=model._meta.local_concrete_fields, using="default"
                )
            PageViewRestriction.objects.bulk_create([
                PageViewRestriction(page_id=g.pk, restriction_type=PageViewRestriction.LOGIN)
                for i, g in enumerate(guides) if i % RESTRICTED_SHARE == 0
            ])
            ids += [g.pk for g in guides]
    Page.objects.filter(pk=library.pk).update(numchild=count)
    return ids


def index_publications(ids: list[int]) -> None:
    from wagtail.search.backends import get_search_backend

    from resources.models import GuidePage

    backend = get_search_backend()
    for start in range(0, len(ids), BATCH):
        chunk = GuidePage.objects.filter(pk__in=ids[start:start + BATCH]).prefetch_related(
            "themes"
        )
        backend.add_bulk(GuidePage, list(chunk))


def raw_query(vendor: str):
    """A hand-written full-text query: the 20 best rows and the total, on the same index."""
    from django.db import connection
    from modelsearch.conf import get_app_config

    from portal.core.text import clean_query, query_terms
    from search.backends.database import PG_SEARCH_CONFIG

    entries = get_app_config().get_model("IndexEntry")._meta.db_table
    fts = f"{entries}_fts"
    if vendor == "sqlite":
        def run(query):
            match = " AND ".join(f'"{stem}"*' for stem in query_terms(query))
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT e.object_id FROM {fts} f JOIN {entries} e ON e.id = f.rowid "  # noqa: S608
                    f"WHERE {fts} MATCH %s ORDER BY bm25({fts}) LIMIT 20", [match])
                rows = cursor.fetchall()
                cursor.execute(f"SELECT COUNT(*) FROM {fts} WHERE {fts} MATCH %s", [match])  # noqa: S608
                return len(rows), cursor.fetchone()[0]
        return run

    def run(query):
        words = " & ".join(clean_query(query).split())
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT object_id FROM {entries} "  # noqa: S608
                "WHERE (title || body) @@ to_tsquery(%s, %s) "
                "ORDER BY ts_rank(title || body, to_tsquery(%s, %s)) DESC LIMIT 20",
                [PG_SEARCH_CONFIG, words, PG_SEARCH_CONFIG, words])
            rows = cursor.fetchall()
            cursor.execute(
                f"SELECT COUNT(*) FROM {entries} "  # noqa: S608
                "WHERE (title || body) @@ to_tsquery(%s, %s)", [PG_SEARCH_CONFIG, words])
            return len(rows), cursor.fetchone()[0]
    return run


def portal_total(user, query: str) -> int:
    """The number of results /recherche/ gives `user` for `query` (computed in-process)."""
    from search.query import SearchFilters
    from search.service import engine_for

    return engine_for(user).search(SearchFilters(q=query)).total


def session_cookie(user) -> str:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def child(engine: str, publications: int, requests: int) -> dict:
    from urllib.parse import urlencode

    url = common.fresh_database("clauses_bench_search", sqlite=engine == "sqlite")
    if engine == "postgresql" and not url.startswith("postgresql"):
        return {"base": "PostgreSQL", "indisponible": True}
    migrate_s = common.manage(url, "migrate", "--noinput", "-v", "0")
    common.setup_django(url)
    from django.db import connection

    from tests.network.factories import member

    start = time.perf_counter()
    library = build_site()
    ids = insert_publications(library, publications)
    inserted_s = time.perf_counter() - start
    start = time.perf_counter()
    index_publications(ids)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would gather them
    indexed_s = time.perf_counter() - start
    signed_in_user = member(username="bench.membre")
    cookie = {"Cookie": session_cookie(signed_in_user)}
    connection.close()  # the server works on its own connection
    # The visitors' page cache, and their results cache, would answer repeated
    # requests without searching.
    os.environ["PAGE_CACHE_ENABLED"] = "false"
    os.environ["SEARCH_RESULTS_CACHE"] = "false"
    # The worker keeps its database connection between requests, as in production
    # (portal/settings/production.py) and as the raw query does: opening one per request
    # (the base settings' default) would add its cost to the page alone.
    os.environ.setdefault("DATABASE_CONN_MAX_AGE", "600")

    results = {"base": connection.vendor, "publications": publications,
               "requetes_par_mesure": requests, "migration_s": round(migrate_s, 1),
               "insertion_s": round(inserted_s, 1), "indexation_s": round(indexed_s, 1),
               "requetes": {}}
    run_raw = raw_query(connection.vendor)
    with common.server(url) as port:
        results["vue_nue"] = stats(common.timings(port, "/bench/nu/", requests))
        for query in QUERIES:
            path = "/recherche/?" + urlencode({"q": query})
            visitor = common.timings(port, path, requests)
            signed_in = common.timings(port, path, requests, cookie)
            raw, (shown, total) = [], (0, 0)
            for _ in range(2):
                run_raw(query)
            for _ in range(requests):
                begin = time.perf_counter()
                shown, total = run_raw(query)
                raw.append((time.perf_counter() - begin) * 1000)
            page, member_page, raw_median = stats(visitor), stats(signed_in), statistics.median(raw)
            results["requetes"][query] = {
                "page_visiteur": page, "page_membre": member_page, "sql_brut": stats(raw),
                "lignes_correspondantes_sql_brut": total,
                # The member sees every publication: the same rows as the raw query, or
                # the two do not search the same way and the comparison means nothing.
                "lignes_portail_membre": portal_total(signed_in_user, query),
                "ecart_visiteur_ms": round(page["mediane_ms"] - raw_median, 1),
                "ecart_membre_ms": round(member_page["mediane_ms"] - raw_median, 1),
                "rapport_medianes": round(page["mediane_ms"] / raw_median, 1),
            }
    results["charge_machine"] = [round(load, 2) for load in os.getloadavg()]
    return results


# -- parent: both databases, one table -----------------------------------------------


def verdict(row: dict, who: str, before: dict | None) -> str:
    """The figure of `who` (visiteur, membre) beside its target."""
    gap = row[f"ecart_{who}_ms"]
    if row["lignes_correspondantes_sql_brut"] <= FEW_MATCHES:
        mark = "oui" if gap <= TARGET_ABOVE_RAW_MS else "NON"
        return f"{gap:+.1f} ms (cible ≤ +{TARGET_ABOVE_RAW_MS} : {mark})"
    if not before:
        return f"{gap:+.1f} ms (cible ≤ avant : pas de mesure)"
    earlier = before[f"page_{who}"]["mediane_ms"]
    now = row[f"page_{who}"]["mediane_ms"]
    return f"{gap:+.1f} ms (cible ≤ avant {earlier:.1f} : {now - earlier:+.1f})"


def print_table(results: dict, before: dict | None) -> None:
    print(f"   {'requête':<24}{'lignes brut/portail':>20}{'SQL brut':>20}"
          f"{'page (visiteur)':>20}{'page (membre)':>20}{'rapport':>9}")
    for query, row in results["requetes"].items():
        cells = [f"{row[k]['mediane_ms']:.1f} / {row[k]['p95_ms']:.1f} ms"
                 for k in ("sql_brut", "page_visiteur", "page_membre")]
        lines = f"{row['lignes_correspondantes_sql_brut']}/{row['lignes_portail_membre']}"
        print(f"   {query:<24}{lines:>20}{cells[0]:>20}{cells[1]:>20}{cells[2]:>20}"
              f"{row['rapport_medianes']:>8.1f}×")
        earlier = (before or {}).get(query)
        print(f"   {'':<24}{'écart au SQL brut':>40}"
              f"  visiteur {verdict(row, 'visiteur', earlier)}"
              f"  membre {verdict(row, 'membre', earlier)}")
        if row["lignes_correspondantes_sql_brut"] != row["lignes_portail_membre"]:
            print("   ATTENTION : la requête brute et le portail ne trouvent pas les mêmes "
                  "lignes : la comparaison ne vaut rien.")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--publications", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--child", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.requests = max(5, min(args.requests, 200))  # bounded
    if args.child:
        print(json.dumps(child(args.child, args.publications, args.requests)))
        return

    out = common.ROOT / "bench" / "results" / "search_latency.json"
    # The last run's medians, for the broad queries' target ("no slower than before").
    previous = {}
    if out.exists():
        for earlier in json.loads(out.read_text()):
            if not earlier.get("indisponible"):
                # "base" is the connection's vendor: the engine's name.
                previous[(earlier["base"], earlier["publications"])] = earlier["requetes"]
    everything = []
    for engine in args.engines.split(","):
        print(f"== {engine} : {args.publications} publications…", flush=True)
        output = subprocess.run(
            [str(common.PYTHON), __file__, "--child", engine,
             "--publications", str(args.publications), "--requests", str(args.requests)],
            cwd=common.ROOT, check=True, stdout=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONPATH": str(common.ROOT)},
        ).stdout
        results = json.loads(output.strip().splitlines()[-1])
        everything.append(results)
        if results.get("indisponible"):
            print("   PostgreSQL indisponible : mesure sautée.")
            continue
        print(f"   migration {results['migration_s']} s, insertion {results['insertion_s']} s, "
              f"indexation {results['indexation_s']} s ; vue nue : médiane "
              f"{results['vue_nue']['mediane_ms']} ms")
        print_table(results, previous.get((engine, args.publications)))
        print(f"   charge de la machine : {results['charge_machine']}")
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(everything, indent=2, ensure_ascii=False))
    print(f"(médiane / 95e centile ; écart = médiane page − médiane SQL brut ; cible : au plus "
          f"+{TARGET_ABOVE_RAW_MS} ms pour une requête d'au plus {FEW_MATCHES} lignes, pas plus "
          "lent que la mesure précédente (même base, même volume) pour les autres ; "
          "rapport = médiane page visiteur / médiane SQL brut)")
    print(f"Résultats : {out.relative_to(common.ROOT)}")


if __name__ == "__main__":
    main()
