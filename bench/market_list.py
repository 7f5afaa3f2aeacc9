"""The market list's response time against a bare Django view on the same server.

    .venv/bin/python bench/market_list.py [--markets 20000] [--beneficiaries 20000]
        [--declarations 200000] [--requests 30] [--sqlite]

A fresh database (PostgreSQL at 127.0.0.1:5432 if it answers, else SQLite) gets scale
data; one gunicorn worker serves the portal on a free port of 127.0.0.1 (settings
bench.settings: DEBUG off, the portal's middleware). The same number of sequential
requests go to a view that returns "ok" and to the market list (the members' page and
the API), as the regional coordinator who sees every market and as the facilitator of
one territory. Medians and 90th percentiles are printed, with each one's ratio to the
bare view's median measured in the same run.
"""

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markets", type=int, default=20_000)
    parser.add_argument("--beneficiaries", type=int, default=20_000)
    parser.add_argument("--declarations", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=30, help="Requêtes par adresse.")
    parser.add_argument("--sqlite", action="store_true", help="Mesurer sur SQLite.")
    options = parser.parse_args()
    count = max(5, min(options.requests, 200))

    url = common.fresh_database("clauses_bench_list", sqlite=options.sqlite)
    engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    print(f"Base : {engine}. Migration et données de charge…")
    common.manage(url, "migrate", "-v0")
    generated = common.manage(
        url, "generate_scale_data", "--markets", str(options.markets),
        "--beneficiaries", str(options.beneficiaries),
        "--declarations", str(options.declarations), "--seed", "1",
    )
    common.setup_django(url)

    from django.contrib.auth import get_user_model
    from wagtail.models import APIToken

    from clauses.models import Market
    from network.models import Network, Territory
    from network.roles import make_coordinator, make_facilitator

    users = get_user_model().objects
    coordinator = users.create(username="bench-coordination")
    make_coordinator(coordinator, Network.objects.get(slug="charge-1"))
    territory = Territory.objects.get(slug="charge-1-t001")
    facilitator = users.create(username="bench-facilitation")
    make_facilitator(facilitator, territory)
    visible = {
        "coordination": Market.objects.count(),
        "facilitation": Market.objects.filter(lead_territory=territory).count(),
    }
    accounts = {
        "coordination": (coordinator, visible["coordination"]),
        "facilitation": (facilitator, visible["facilitation"]),
    }
    last_page = max(1, visible["coordination"] // 50)
    results = {"base": engine, "requetes_par_adresse": count,
               "generation_s": round(generated, 1), "marches_visibles": visible}

    with common.server(url) as port:
        bare = common.timings(port, "/bench/nu/", count)
        bare_median, bare_p90 = common.summary(bare)
        results["vue_nue_ms"] = {"mediane": round(bare_median, 1), "p90": round(bare_p90, 1)}
        print(f"\n{'adresse':<52} {'médiane':>9} {'p90':>9} {'× vue nue':>10}")
        print(f"{'/bench/nu/ (vue nue, même serveur)':<52} {bare_median:7.1f}ms "
              f"{bare_p90:7.1f}ms {1:>10.1f}")
        for name, (user, _) in accounts.items():
            cookie = {"Cookie": common.session_cookie(user)}
            token = {"Authorization": f"Bearer {APIToken.create_token(user=user, name='b')[1]}"}
            cases = [
                ("/espace/marches/", cookie),
                (f"/espace/marches/?page={last_page}", cookie),
                ("/api/v1/marches?limit=50", token),
                (f"/api/v1/marches?limit=50&offset={(last_page - 1) * 50}", token),
            ]
            if name == "facilitation":
                cases = [cases[0], cases[2]]
            for path, headers in cases:
                label = f"{path} ({name})"
                try:
                    durations = common.timings(port, path, count, headers)
                except (RuntimeError, OSError) as error:
                    results[label] = {"echec": str(error)}
                    print(f"{label:<52} échec : {error}")
                    continue
                median, p90 = common.summary(durations)
                results[label] = {"mediane_ms": round(median, 1), "p90_ms": round(p90, 1),
                                  "requetes": len(durations),
                                  "rapport_vue_nue": round(median / bare_median, 1)}
                print(f"{label:<52} {median:7.1f}ms {p90:7.1f}ms "
                      f"{median / bare_median:>10.1f}  ({len(durations)} requêtes)")
    results["charge_machine"] = [round(load, 2) for load in os.getloadavg()]
    out = common.ROOT / "bench" / "results" / "market_list.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"\nCharge de la machine (1, 5, 15 min) : {results['charge_machine']}")
    print(f"Résultats : {out.relative_to(common.ROOT)}")


if __name__ == "__main__":
    main()
