"""A consolidated yearly bilan against a hand-written SQL GROUP BY, and the query count of
/espace/bilans/ at two sizes of data.

    .venv/bin/python bench/bilan_consolidated.py [--markets 20000] [--beneficiaries 100000]
        [--declarations 1000000] [--annee 2022] [--repeat 5] [--sqlite]

A fresh database (PostgreSQL at 127.0.0.1:5432 if it answers, else SQLite) first gets a
small load (seed 2: 1 % of the declarations), then the national one (seed 1,
`generate_scale_data`). In the same run and on the same tables:

- compute_bilan() of the whole country for one year (the seven indicators, read from the
  maintained monthly figures) is timed against one hand-written GROUP BY over the
  declarations (hours worked, training hours and distinct people by modality for the
  year), both after a warm-up; the ratio of the medians is the figure, printed beside
  its target (≤ 1.5);
- each of the bilan's queries is timed once, to show where the time goes;
- /espace/bilans/ is requested in-process (Django's test client) as an administrator
  (national scope), a regional coordinator and a facilitator, after the small load and
  after the national one: the number of queries must be the same.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402

HAND_WRITTEN = """
    SELECT p.modality,
           SUM(d.hours_worked) AS worked,
           SUM(d.training_hours) AS training,
           COUNT(DISTINCT p.beneficiary_id) AS people
    FROM clauses_hoursdeclaration d
    JOIN clauses_placement p ON p.id = d.placement_id
    WHERE d.month >= %s AND d.month <= %s
    GROUP BY p.modality
"""


# compute_bilan() of the whole country over the hand-written GROUP BY of the same run.
TARGET_RATIO = 1.5


def measure(function) -> float:
    """Duration of one call, in milliseconds."""
    start = time.perf_counter()
    function()
    return (time.perf_counter() - start) * 1000


def query_breakdown(function) -> list[tuple[str, float]]:
    """Each query `function` runs, with its duration in milliseconds."""
    from django.db import connection

    seen = []

    def wrapper(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            seen.append((" ".join(sql.split())[:90], (time.perf_counter() - start) * 1000))

    with connection.execute_wrapper(wrapper):
        function()
    return seen


def page_queries(users: dict, year: int) -> dict:
    """Queries and time of /espace/bilans/ for each account (after a first, warming call)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for name, (user, scope) in users.items():
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        params = {"annee": str(year), "perimetre": scope}
        client.get("/espace/bilans/", params)
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get("/espace/bilans/", params)
            elapsed = (time.perf_counter() - start) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"/espace/bilans/ a répondu {response.status_code} ({name}).")
        counts[name] = {"requetes_sql": len(queries), "duree_ms": round(elapsed, 1)}
    return counts


def accounts(seed: int) -> dict:
    from django.contrib.auth import get_user_model

    from network.models import Network, Territory
    from network.roles import make_coordinator, make_facilitator

    users = get_user_model().objects
    admin, _ = users.get_or_create(username="bench-admin",
                                   defaults={"is_superuser": True, "is_staff": True})
    coordinator, _ = users.get_or_create(username=f"bench-coordination-{seed}")
    network = Network.objects.get(slug=f"charge-{seed}")
    make_coordinator(coordinator, network)
    territory = Territory.objects.get(slug=f"charge-{seed}-t001")
    facilitator, _ = users.get_or_create(username=f"bench-facilitation-{seed}")
    make_facilitator(facilitator, territory)
    return {
        "administration (national)": (admin, "national"),
        "coordination (réseau)": (coordinator, f"reseau:{network.slug}"),
        "facilitation (territoire)": (facilitator, f"territoire:{territory.slug}"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markets", type=int, default=20_000)
    parser.add_argument("--beneficiaries", type=int, default=100_000)
    parser.add_argument("--declarations", type=int, default=1_000_000)
    parser.add_argument("--annee", type=int, default=2022,
                        help="Année du bilan (les données vont de 2018 à 2024).")
    parser.add_argument("--repeat", type=int, default=5, help="Mesures de chaque calcul.")
    parser.add_argument("--sqlite", action="store_true", help="Mesurer sur SQLite.")
    parser.add_argument(
        "--reutiliser", action="store_true",
        help="Mesurer sur la base d'un passage précédent, sans la refaire (pas de mesure "
        "de la page avec les petites données).",
    )
    parser.add_argument(
        "--nom-base", default="clauses_bench_bilan",
        help="Nom de la base de mesure (une autre que celle d'un passage en cours).",
    )
    options = parser.parse_args()
    repeat = max(3, min(options.repeat, 50))

    name = options.nom_base
    if options.reutiliser:
        url = (f"sqlite:///{common.SQLITE_DIR / f'{name}.sqlite3'}" if options.sqlite
               else f"{common.PG_SERVER}/{name}")
    else:
        url = common.fresh_database(name, sqlite=options.sqlite)
    engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    results = {"base": engine, "annee": options.annee, "mesures": repeat}
    if not options.reutiliser:
        print(f"Base : {engine}. Migration et petites données de charge (graine 2)…")
        common.manage(url, "migrate", "-v0")
        small = [max(1, options.markets // 100), max(1, options.beneficiaries // 100),
                 max(1, options.declarations // 100)]
        common.manage(url, "generate_scale_data", "--markets", str(small[0]),
                      "--beneficiaries", str(small[1]), "--declarations", str(small[2]),
                      "--seed", "2")
    common.setup_django(url)

    from django.db import connection

    from clauses.bilans.enums import ScopeKind
    from clauses.bilans.indicators import compute_bilan
    from clauses.bilans.scopes import Period, Scope
    from clauses.models import HoursDeclaration

    if not options.reutiliser:
        results["page_petites_donnees"] = {
            "declarations": HoursDeclaration.objects.count(),
            **page_queries(accounts(2), options.annee),
        }
        print("Données de charge nationales (graine 1)…")
        generated = common.manage(
            url, "generate_scale_data", "--markets", str(options.markets),
            "--beneficiaries", str(options.beneficiaries),
            "--declarations", str(options.declarations), "--seed", "1",
        )
        results["generation_s"] = round(generated, 1)
        connection.close()
    if engine == "PostgreSQL":
        # What autovacuum does on a production server after a bulk load (this one may run
        # with it off): statistics, and the visibility map without which an index-only
        # scan of the maintained figures still reads every heap page.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    results["declarations"] = HoursDeclaration.objects.count()

    period = Period.year(options.annee)
    scope = Scope(ScopeKind.NATIONAL, None, period)

    def bilan():
        return compute_bilan(scope)

    def hand_written():
        with connection.cursor() as cursor:
            cursor.execute(HAND_WRITTEN, [period.start, period.end])
            return cursor.fetchall()

    # Alternate the two, so that a busy moment of the machine weighs on both.
    bilan_ms, hand_ms = [], []
    bilan()
    hand_written()
    for _ in range(repeat):
        bilan_ms.append(measure(bilan))
        hand_ms.append(measure(hand_written))
    bilan_median, hand_median = statistics.median(bilan_ms), statistics.median(hand_ms)
    figures = bilan()
    results["bilan_national_ms"] = {"mediane": round(bilan_median, 1),
                                    "min": round(min(bilan_ms), 1)}
    results["group_by_ecrit_a_la_main_ms"] = {"mediane": round(hand_median, 1),
                                              "min": round(min(hand_ms), 1)}
    results["rapport"] = round(bilan_median / hand_median, 2)
    results["cible"] = TARGET_RATIO
    results["cible_atteinte"] = results["rapport"] <= TARGET_RATIO
    results["personnes"] = figures["personnes"]["total"]
    results["heures"] = str(figures["heures_realisees"]["total"])
    breakdown = query_breakdown(bilan)
    results["detail_des_requetes_ms"] = [[sql, round(ms, 1)] for sql, ms in breakdown]
    results["page_donnees_nationales"] = page_queries(accounts(1), options.annee)
    results["charge_machine"] = [round(load, 2) for load in os.getloadavg()]

    print(f"\n{results['declarations']} déclarations ({engine}), bilan national "
          f"{options.annee} : {results['personnes']} personnes, {results['heures']} h.")
    print(f"{'calcul':<46} {'médiane':>10} {'min':>10}")
    print(f"{'compute_bilan() — sept indicateurs':<46} {bilan_median:8.1f}ms "
          f"{min(bilan_ms):8.1f}ms")
    print(f"{'GROUP BY écrit à la main (heures, personnes)':<46} {hand_median:8.1f}ms "
          f"{min(hand_ms):8.1f}ms")
    print(f"Rapport bilan ÷ GROUP BY (médianes) : {results['rapport']} "
          f"(cible ≤ {TARGET_RATIO} : {'atteinte' if results['cible_atteinte'] else 'NON'})")
    print("\nRequêtes du bilan (une exécution) :")
    for sql, ms in breakdown:
        print(f"  {ms:8.1f}ms  {sql}")
    print("\n/espace/bilans/ : requêtes SQL (durée)")
    small_runs = results.get("page_petites_donnees")
    for account, large_run in results["page_donnees_nationales"].items():
        line = f"  {account:<28} "
        if small_runs:
            line += (f"{small_runs[account]['requetes_sql']:>3} requêtes avec "
                     f"{small_runs['declarations']} déclarations "
                     f"({small_runs[account]['duree_ms']} ms), ")
        line += (f"{large_run['requetes_sql']:>3} requêtes avec {results['declarations']} "
                 f"déclarations ({large_run['duree_ms']} ms)")
        print(line)
    out = common.ROOT / "bench" / "results" / "bilan_consolidated.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"\nCharge de la machine (1, 5, 15 min) : {results['charge_machine']}")
    print(f"Résultats : {out.relative_to(common.ROOT)}")


if __name__ == "__main__":
    main()
