"""Requests per second of the portal's pages against a bare Django view (make bench, make load).

    .venv/bin/python bench/pages.py [--scale small|full] [--mode bench|load]
        [--duration 10] [--connections 16] [--sqlite] [--reuse DATABASE_URL]

A fresh database (PostgreSQL at 127.0.0.1:5432 if it answers, else SQLite) gets the demo
content, scale data (generate_scale_data) and publications (generate_publications).
gunicorn (2 workers, production settings, static files collected into a temporary folder)
serves the portal on 127.0.0.1, once with the visitors' page cache and once without it.
Each address gets a bounded load with wrk (or a small threaded client when wrk is absent)
and the bare view is measured on the same server just before. Printed and written to
bench/results/pages.json (or load.json): requests per second, median and 99th-percentile
latency, errors, queries (counted in-process, cache off) and the ratio to the bare view.
Every process started here is stopped before the script ends.
"""

import argparse
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402

WRK = shutil.which("wrk") or "/usr/bin/wrk"
SCALES = {
    "small": {"markets": 1000, "beneficiaries": 2000, "declarations": 20_000,
              "publications": 500},
    "medium": {"markets": 20_000, "beneficiaries": 20_000, "declarations": 200_000,
               "publications": 10_000},
    "full": {"markets": 20_000, "beneficiaries": 100_000, "declarations": 1_000_000,
             "publications": 10_000},
}
BARE = "/bench/nu/"
# The performance targets, as a share of the bare view's requests per second in the same
# run: every page with the page cache; uncached pages and the signed-in ones without it
# (the member pages' targets hold at full scale).
TARGETS = {
    "cache": 0.30,
    ("sans_cache", "recherche"): 0.03,
    ("sans_cache", "publication"): 0.04,
    ("sans_cache", "ressources"): 0.05,
    ("sans_cache", "espace_marches"): 0.03,
    ("sans_cache", "espace_bilans"): 0.03,
}


def target_of(run_name: str, label: str) -> float | None:
    return TARGETS.get((run_name, label), TARGETS.get(run_name))


def prepare(url: str, sizes: dict) -> dict:
    durations = {"migrate": common.manage(url, "migrate", "-v0"),
                 "seed_demo": common.manage(url, "seed_demo", "-v0")}
    durations["generate_scale_data"] = common.manage(
        url, "generate_scale_data", "--markets", str(sizes["markets"]),
        "--beneficiaries", str(sizes["beneficiaries"]),
        "--declarations", str(sizes["declarations"]), "--seed", "1")
    durations["generate_publications"] = common.manage(
        url, "generate_publications", "--count", str(sizes["publications"]))
    durations["update_index"] = common.manage(url, "update_index", "-v0")
    if url.startswith("postgres"):
        durations["vacuum_analyze"] = vacuum_analyze(url)
    return {name: round(seconds, 1) for name, seconds in durations.items()}


def vacuum_analyze(url: str) -> float:
    """What autovacuum does on a production server after a bulk load (this one may run
    with it off): fresh statistics and the visibility map of index-only scans."""
    import psycopg

    start = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    return time.perf_counter() - start


def production_env(url: str, static_root: str, cache: bool) -> dict:
    return {**common.environment(url), "DJANGO_SETTINGS_MODULE": "bench.production_settings",
            "SECRET_KEY": "bench-only-not-a-secret", "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false", "STATIC_ROOT": static_root,
            "PAGE_CACHE_ENABLED": "true" if cache else "false", "LOG_LEVEL": "ERROR"}


def wrk(port: int, path: str, duration: int, connections: int, cookie: str = "") -> dict:
    command = [WRK, "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s",
               "--latency", f"http://127.0.0.1:{port}{path}"]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True,
                         timeout=duration + 60).stdout

    def latency(label: str) -> float:
        match = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "p50_ms": latency("50%"), "p99_ms": latency("99%"),
            "errors": errors + (int(non_2xx.group(1)) if non_2xx else 0)}


def python_load(port: int, path: str, duration: int, connections: int,
                cookie: str = "") -> dict:
    """The same measure without wrk: `connections` threads, each one request at a time."""
    stop = time.monotonic() + duration
    durations, errors, lock = [], [0], threading.Lock()
    headers = {"Cookie": cookie} if cookie else {}

    def client():
        while time.monotonic() < stop:
            start = time.perf_counter()
            try:
                status, _ = common.get(port, path, headers)
            except OSError:
                status = 0
            with lock:
                durations.append((time.perf_counter() - start) * 1000)
                if status != 200:
                    errors[0] += 1

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(connections) as pool:
        for _ in range(connections):
            pool.submit(client)
    elapsed = time.monotonic() - started
    ordered = sorted(durations)
    return {"rps": round(len(ordered) / elapsed, 1), "p50_ms": ordered[len(ordered) // 2],
            "p99_ms": ordered[int(0.99 * (len(ordered) - 1))], "errors": errors[0]}


def measure(port, path, options, cookie="") -> dict:
    # Warm-up: templates, connections, and the page cache when it is on.
    for _ in range(3):
        status, body = common.get(port, path, {"Cookie": cookie} if cookie else {})
        if status != 200:
            raise RuntimeError(f"{path} a répondu {status} : {body[:200]!r}")
    load = wrk if os.access(WRK, os.X_OK) else python_load
    return load(port, path, options.duration, options.connections, cookie)


def count_queries(paths: list[tuple[str, str, object]]) -> dict:
    """Queries of one request to each address, in this process, page cache off."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_ENABLED = False
    counts = {}
    for label, path, user in paths:
        client = Client(HTTP_HOST="127.0.0.1")
        if user is not None:
            client.force_login(user)
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        counts[label] = len(queries.captured_queries)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--mode", choices=["bench", "load"], default="bench")
    parser.add_argument("--duration", type=int, default=10, help="Secondes par adresse.")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--sqlite", action="store_true", help="Mesurer sur SQLite.")
    parser.add_argument("--reuse", metavar="DATABASE_URL",
                        help="Mesurer une base déjà préparée à cette échelle (sans la refaire).")
    options = parser.parse_args()
    options.duration = max(2, min(options.duration, 120))
    options.connections = max(1, min(options.connections, 64))
    sizes = SCALES[options.scale]

    url = options.reuse or common.fresh_database("clauses_bench_pages", sqlite=options.sqlite)
    engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    print(f"Base : {engine}, échelle {options.scale} {sizes}. Préparation…", flush=True)
    results = {"base": engine, "echelle": options.scale, "tailles": sizes,
               "mode": options.mode, "duree_s": options.duration,
               "connexions": options.connections,
               "outil": "wrk" if os.access(WRK, os.X_OK) else "python",
               "preparation_s": {"reprise": url} if options.reuse else prepare(url, sizes),
               "pages": {}}
    common.setup_django(url)

    from django.contrib.auth import get_user_model

    from network.models import Network
    from network.roles import make_coordinator
    from resources.models import GuidePage

    coordinator, _ = get_user_model().objects.get_or_create(username="bench-coordination")
    make_coordinator(coordinator, Network.objects.get(slug="charge-1"))
    cookie = common.session_cookie(coordinator)
    publication = GuidePage.objects.live().order_by("-pk").first().url
    visitor = [("accueil", "/"), ("ressources", "/ressources/"),
               ("publication", publication), ("recherche", "/recherche/?q=clause")]
    members = [("espace_marches", "/espace/marches/"), ("espace_bilans", "/espace/bilans/")]
    if options.mode == "load":
        visitor = [page for page in visitor if page[0] != "publication"]
        members = members[:1]
    queries = count_queries([(label, path, None) for label, path in visitor]
                            + [(label, path, coordinator) for label, path in members])
    results["requetes_sql"] = queries

    static_root = tempfile.mkdtemp(prefix="bench-static-")
    try:
        env = production_env(url, static_root, cache=True)
        subprocess.run([str(common.PYTHON), "manage.py", "collectstatic", "--noinput", "-v0"],
                       cwd=common.ROOT, env=env, check=True)
        # The load test is the production configuration (cache on); the benchmark
        # compares the visitors' pages with and without it.
        runs = ([("cache", True, visitor, []), ("sans_cache", False, visitor, members)]
                if options.mode == "bench" else [("charge", True, visitor, members)])
        for run_name, cache, pages, signed_in in runs:
            with common.gunicorn(production_env(url, static_root, cache)) as port:
                bare = measure(port, BARE, options)
                results["pages"][f"vue_nue ({run_name})"] = {**bare, "ratio": 1.0}
                print(f"\n[{run_name}] {'adresse':<34} {'req/s':>8} {'p50':>8} {'p99':>8} "
                      f"{'erreurs':>7} {'SQL':>4} {'× nue':>6} {'cible':>6}")
                print(f"[{run_name}] {BARE:<34} {bare['rps']:8.1f} {bare['p50_ms']:6.1f}ms "
                      f"{bare['p99_ms']:6.1f}ms {bare['errors']:7d} {0:4d} {1:6.3f}", flush=True)
                for label, path, user_cookie in ([(lbl, p, "") for lbl, p in pages]
                                                 + [(lbl, p, cookie) for lbl, p in signed_in]):
                    row = measure(port, path, options, user_cookie)
                    target = target_of(run_name, label)
                    row.update(path=path, requetes_sql=queries[label],
                               ratio=round(row["rps"] / bare["rps"], 3), cible=target,
                               atteinte=None if target is None else row["rps"] / bare["rps"]
                               >= target)
                    results["pages"][f"{label} ({run_name})"] = row
                    verdict = "" if target is None else (
                        f" ≥ {target:.2f} {'oui' if row['atteinte'] else 'NON'}")
                    print(f"[{run_name}] {path[:34]:<34} {row['rps']:8.1f} "
                          f"{row['p50_ms']:6.1f}ms {row['p99_ms']:6.1f}ms {row['errors']:7d} "
                          f"{queries[label]:4d} {row['ratio']:6.3f}{verdict}", flush=True)
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
    results["charge_machine"] = [round(load, 2) for load in os.getloadavg()]
    errors = sum(row["errors"] for row in results["pages"].values())
    name = "pages" if options.mode == "bench" else "load"
    out = common.ROOT / "bench" / "results" / f"{name}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"\nPréparation (s) : {results['preparation_s']}")
    print(f"Charge de la machine (1, 5, 15 min) : {results['charge_machine']}")
    print(f"Erreurs : {errors}. Résultats : {out.relative_to(common.ROOT)}")
    if options.mode == "load" and errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
