"""/recherche/ on 50,000 publications, on SQLite and on PostgreSQL, against a raw
full-text SQL query over the same rows in the same run.

    .venv/bin/python bench/search_latency.py [--publications 50000] [--requests 30]
        [--engines sqlite,postgresql] [--nom-base clauses_bench_search] [--reutiliser]

For each database (a fresh one: PostgreSQL `--nom-base` on 127.0.0.1:5432 when it
answers, SQLite under var/bench/; with --reutiliser, the one a previous run left when it
exists and is complete, so that steps 2 and 3 run again without the build), a child
process:

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
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402
from bench.search_data import (  # noqa: E402
    build_site,
    index_publications,
    insert_publications,
)

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


# -- child: one database ---------------------------------------------------------


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


MEMBER = "bench.membre"


def reusable(name: str, engine: str, publications: int) -> str | None:
    """The database a previous run completed with as many publications (the member is
    made last), or None."""
    found = common.existing_database(
        name, engine == "sqlite",
        "SELECT (SELECT COUNT(*) FROM auth_user WHERE username = 'bench.membre'), "
        "(SELECT COUNT(*) FROM resources_guidepage)")
    return found[0] if found and found[1] == (1, publications) else None


def child(engine: str, publications: int, requests: int, name: str, reuse: bool,
          queries: list[str]) -> dict:
    from urllib.parse import urlencode

    url = reusable(name, engine, publications) if reuse else None
    reused = url is not None
    if not reused:
        url = common.fresh_database(name, sqlite=engine == "sqlite")
    if engine == "postgresql" and not url.startswith("postgresql"):
        return {"base": "PostgreSQL", "indisponible": True}
    migrate_s = 0.0 if reused else common.manage(url, "migrate", "--noinput", "-v", "0")
    common.setup_django(url)
    from django.contrib.auth import get_user_model
    from django.db import connection

    from tests.network.factories import member

    inserted_s = indexed_s = 0.0
    if reused:
        signed_in_user = get_user_model().objects.get(username=MEMBER)
    else:
        start = time.perf_counter()
        library = build_site()
        ids = insert_publications(library, publications)
        inserted_s = time.perf_counter() - start
        start = time.perf_counter()
        index_publications(ids)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would gather them
        indexed_s = time.perf_counter() - start
        signed_in_user = member(username=MEMBER)
    cookie = {"Cookie": common.session_cookie(signed_in_user)}
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
               "requetes_par_mesure": requests, "base_reutilisee": reused,
               "migration_s": round(migrate_s, 1),
               "insertion_s": round(inserted_s, 1), "indexation_s": round(indexed_s, 1),
               "requetes": {}}
    run_raw = raw_query(connection.vendor)
    with common.server(url) as port:
        results["vue_nue"] = stats(common.timings(port, "/bench/nu/", requests))
        for query in queries:
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
    parser.add_argument("--nom-base", default="clauses_bench_search",
                        help="Nom de la base de mesure (une autre que celle d'un passage "
                        "en cours).")
    parser.add_argument("--reutiliser", action="store_true",
                        help="Mesurer sur la base d'un passage précédent quand elle existe "
                        "et est complète, sans la refaire.")
    parser.add_argument("--requetes", default=",".join(QUERIES),
                        help="Les recherches mesurées, séparées par des virgules (toutes par "
                        "défaut ; « kiwano » seule pour la requête sélective).")
    parser.add_argument("--child", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    queries = [query.strip() for query in args.requetes.split(",") if query.strip()]
    args.requests = max(5, min(args.requests, 200))  # bounded
    if args.child:
        print(json.dumps(child(args.child, args.publications, args.requests, args.nom_base,
                               args.reutiliser, queries)))
        return

    # A run of some queries only does not replace the whole run's figures (the broad
    # queries' reference).
    partial = set(queries) != set(QUERIES)
    out = common.ROOT / "bench" / "results" / (
        "search_latency_partiel.json" if partial else "search_latency.json")
    reference = common.ROOT / "bench" / "results" / "search_latency.json"
    # The last run's medians, for the broad queries' target ("no slower than before").
    previous = {}
    if reference.exists():
        for earlier in json.loads(reference.read_text()):
            if not earlier.get("indisponible"):
                # "base" is the connection's vendor: the engine's name.
                previous[(earlier["base"], earlier["publications"])] = earlier["requetes"]
    everything = []
    for engine in args.engines.split(","):
        print(f"== {engine} : {args.publications} publications…", flush=True)
        output = subprocess.run(
            [str(common.PYTHON), __file__, "--child", engine,
             "--publications", str(args.publications), "--requests", str(args.requests),
             "--nom-base", args.nom_base, "--requetes", ",".join(queries),
             *(["--reutiliser"] if args.reutiliser else [])],
            cwd=common.ROOT, check=True, stdout=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONPATH": str(common.ROOT)},
        ).stdout
        results = json.loads(output.strip().splitlines()[-1])
        everything.append(results)
        if results.get("indisponible"):
            print("   PostgreSQL indisponible : mesure sautée.")
            continue
        if results["base_reutilisee"]:
            print("   base reprise d'un passage précédent (ni migration ni insertion)")
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
