"""Hours import throughput: rows per second for a file of 100,000 rows.

    .venv/bin/python bench/import_throughput.py [--rows 100000] [--sqlite] [--xlsx]

A fresh database (PostgreSQL at 127.0.0.1:5432 if it answers, else SQLite) gets scale
data sized so that exactly --rows placement-months exist; a CSV with one row per
placement-month is written, then imported three times through clauses.imports.monthly_hours,
as a regional coordinator (the permission policy applies):
1. every declaration new (the hours were removed first);
2. the same file again (nothing changes);
3. every value changed (updates with version bumps).
Also reported: reading the CSV alone, and manage.py import_hours run end to end (in its
own process, back to the first file's values: every row updated).
"""

import argparse
import csv
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--sqlite", action="store_true", help="Mesurer sur SQLite.")
    parser.add_argument("--xlsx", action="store_true", help="Mesurer aussi un fichier XLSX.")
    options = parser.parse_args()
    rows = options.rows

    # The bench measures throughput beyond the import limits a web worker keeps.
    os.environ["IMPORT_MAX_ROWS"] = str(rows)
    os.environ["IMPORT_MAX_SECONDS"] = "3600"
    url = common.fresh_database("clauses_bench_import", sqlite=options.sqlite)
    engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    print(f"Base : {engine}. Migration et données de charge ({rows} mois de placement)…")
    common.manage(url, "migrate", "-v0")
    generated = common.manage(
        url, "generate_scale_data", "--markets", str(max(10, rows // 50)),
        "--beneficiaries", str(max(10, rows // 10)), "--declarations", str(rows), "--seed", "1",
    )
    common.setup_django(url)

    from django.contrib.auth import get_user_model

    from clauses.imports.monthly_hours import import_hours
    from clauses.imports.reading import read_table
    from clauses.models import HoursDeclaration
    from network.models import Network
    from network.roles import make_coordinator

    user = get_user_model().objects.create(username="bench-coordination")
    make_coordinator(user, Network.objects.get(slug="charge-1"))

    workdir = Path(tempfile.mkdtemp(prefix="clauses-bench-"))
    created_file = workdir / "heures.csv"
    changed_file = workdir / "heures-modifiees.csv"
    source = HoursDeclaration.objects.order_by("pk").values_list(
        "placement__clause__market__reference", "placement__clause__lot__number",
        "placement__beneficiary__pseudonym", "month", "hours_worked", "training_hours",
    )
    header = ["marche", "lot", "beneficiaire", "mois", "heures", "heures_formation"]
    with created_file.open("w", newline="", encoding="utf-8") as first, \
            changed_file.open("w", newline="", encoding="utf-8") as second:
        a, b = csv.writer(first, delimiter=";"), csv.writer(second, delimiter=";")
        a.writerow(header)
        b.writerow(header)
        for ref, lot, pseudonym, month, worked, training in source.iterator(chunk_size=10_000):
            base = [ref, lot, pseudonym, f"{month:%Y-%m}"]
            a.writerow([*base, f"{worked:.2f}".replace(".", ","), f"{training:.2f}"])
            b.writerow([*base, f"{worked + 1:.2f}", f"{training:.2f}"])
    HoursDeclaration.objects.all().delete()

    results = {"base": engine, "lignes": rows, "generation_s": round(generated, 1)}

    def measure(label, path, expect):
        start = time.perf_counter()
        report = import_hours(path, user=user)
        seconds = time.perf_counter() - start
        assert report.ok, report.errors[:5]
        got = (report.created, report.updated, report.unchanged)
        assert got == expect, got
        results[label] = {"secondes": round(seconds, 2),
                          "lignes_par_seconde": round(rows / seconds)}
        print(f"{label:<38} {seconds:7.2f} s  {rows / seconds:9,.0f} lignes/s")

    from clauses.imports.monthly_hours import COLUMNS

    start = time.perf_counter()
    read_table(created_file, COLUMNS)
    read_seconds = time.perf_counter() - start
    results["lecture_csv_s"] = round(read_seconds, 2)
    print(f"{'lecture du CSV seule':<38} {read_seconds:7.2f} s  "
          f"{rows / read_seconds:9,.0f} lignes/s")
    measure("1. import, toutes créées", created_file, (rows, 0, 0))
    measure("2. même fichier, rien ne change", created_file, (0, 0, rows))
    measure("3. toutes les valeurs modifiées", changed_file, (0, rows, 0))
    assert HoursDeclaration.objects.count() == rows

    command = common.manage(url, "import_hours", str(created_file),
                            "--utilisateur", "bench-coordination")
    results["commande_bout_en_bout_s"] = round(command, 2)
    print(f"{'4. manage.py import_hours, retour (maj)':<38} {command:7.2f} s  "
          f"{rows / command:9,.0f} lignes/s")

    if options.xlsx:
        import openpyxl

        xlsx_file = workdir / "heures.xlsx"
        workbook = openpyxl.Workbook(write_only=True)
        sheet = workbook.create_sheet()
        with created_file.open(encoding="utf-8") as handle:
            for row in csv.reader(handle, delimiter=";"):
                sheet.append(row)
        workbook.save(xlsx_file)
        measure("5. même fichier en XLSX, rien ne change", xlsx_file, (0, 0, rows))

    results["charge_machine"] = [round(load, 2) for load in os.getloadavg()]
    print(f"Charge de la machine (1, 5, 15 min) : {results['charge_machine']}")
    shutil.rmtree(workdir)
    out = common.ROOT / "bench" / "results" / "import_throughput.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"Résultats : {out.relative_to(common.ROOT)}")


if __name__ == "__main__":
    main()
