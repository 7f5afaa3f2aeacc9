"""/recherche/ in-process on the database bench/search_latency.py leaves behind: the
processor time of each request (a steadier figure than the duration on a shared
machine), the queries of one request, and optionally a pyinstrument profile.

    .venv/bin/python bench/search_profile.py [--engine sqlite|postgresql]
        [--query kiwano] [--role membre|visiteur] [--requests 40] [--pyinstrument]
        [--nom-base clauses_bench_search] [--database-url URL]

Run bench/search_latency.py first (it makes the database and the member
"bench.membre"). The connection is kept between requests, as in production. With
--pyinstrument (pyinstrument importable, e.g. installed with pip --target and put on
PYTHONPATH), the profile of as many more requests is printed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402

NAME = "clauses_bench_search"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--query", default="kiwano")
    parser.add_argument("--role", choices=["membre", "visiteur"], default="membre")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--pyinstrument", action="store_true")
    parser.add_argument("--nom-base", default=NAME,
                        help="Nom de la base laissée par search_latency.py --nom-base.")
    parser.add_argument("--database-url")
    args = parser.parse_args()
    count = max(5, min(args.requests, 200))  # bounded
    url = args.database_url or (
        f"sqlite:///{common.SQLITE_DIR / f'{args.nom_base}.sqlite3'}" if args.engine == "sqlite"
        else f"{common.PG_SERVER}/{args.nom_base}"
    )
    # As bench/search_latency.py measures: every request searches, on a kept connection.
    os.environ.update({"PAGE_CACHE_ENABLED": "false", "SEARCH_RESULTS_CACHE": "false"})
    os.environ.setdefault("DATABASE_CONN_MAX_AGE", "600")
    common.setup_django(url)
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="127.0.0.1")
    if args.role == "membre":
        client.force_login(get_user_model().objects.get(username="bench.membre"))
    path = "/recherche/?" + urlencode({"q": args.query})
    for _ in range(3):
        assert client.get(path).status_code == 200
    durations, processor = [], []
    for _ in range(count):
        start, start_cpu = time.perf_counter(), time.process_time()
        client.get(path)
        durations.append((time.perf_counter() - start) * 1000)
        processor.append((time.process_time() - start_cpu) * 1000)
    print(f"{connection.vendor}, {args.role}, « {args.query} », {count} requêtes : "
          f"processeur médiane {statistics.median(processor):.1f} ms "
          f"(min {min(processor):.1f}) ; durée médiane {statistics.median(durations):.1f} ms ; "
          f"charge {[round(load, 2) for load in os.getloadavg()]}")
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    print(f"{len(queries.captured_queries)} requêtes SQL :")
    for query in queries.captured_queries:
        print(f"  {float(query['time']) * 1000:6.1f} ms  {query['sql'][:160]}")
    if args.pyinstrument:
        from pyinstrument import Profiler

        profiler = Profiler()
        profiler.start()
        for _ in range(count):
            client.get(path)
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False))


if __name__ == "__main__":
    main()
