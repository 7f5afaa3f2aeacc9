"""Requests per second of the portal against its peer, wagtail/bakerydemo (make peer).

    .venv/bin/python bench/peer.py [--peer PATH] [--engines sqlite,postgresql]
        [--scale small] [--duration 5] [--connections 16] [--rounds 3] [--keep DIR]

The peer is set up under a temporary folder, nothing of it kept in this repository: its
source (`--peer`: a git directory, whose HEAD is archived, or a checkout; else a shallow
clone of the public wagtail/bakerydemo repository), a virtualenv of its own with its
requirements (requirements/base.txt) from the package index, Django pinned to the
portal's version and gunicorn to the portal's, so that only the two applications
differ, and its own demo data (`load_initial_data`). Its production settings
(bakerydemo.settings.production: connections kept 500 s, local-memory cache, no page
cache) serve it.

The portal gets its scale data as bench/pages.py does (the same `prepare`) and its
production settings without the visitors' page cache. On each database (SQLite, then
PostgreSQL at 127.0.0.1:5432 with throwaway databases), both are served by gunicorn
with 2 workers on 127.0.0.1, and each pair of pages (home, listing, detail, search, as a
visitor) is measured with wrk, portal and peer one after the other, in alternating order,
`--rounds` times: the ratio of each round is portal ÷ peer of that round, printed with
its spread. Written to bench/results/peer.json. Every process started here is stopped
and the temporary folder removed before the script ends (`--keep DIR` keeps the folder,
its virtualenv and both databases for the next run with the same DIR).
"""

import argparse
import contextlib
import importlib.metadata
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common, pages  # noqa: E402

PEER_REPOSITORY = "https://github.com/wagtail/bakerydemo.git"
PEER_SETTINGS = "bakerydemo.settings.production"
PAIRS = ("accueil", "liste", "detail", "recherche")
PORTAL_PATHS = {"accueil": "/", "liste": "/ressources/", "recherche": "/recherche/?q=clause"}
# The peer's counterparts: its blog is its publications (listing and one article), and
# "bread" is as broad a word in its content as "clause" in the portal's.
PEER_PATHS = {"accueil": "/", "liste": "/blog/", "recherche": "/search/?q=bread"}


def run(command: list, **kwargs) -> None:
    subprocess.run([str(part) for part in command], check=True, **kwargs)


def peer_source(folder: Path, source: str | None) -> Path:
    """The peer's files in `folder`/bakerydemo."""
    app = folder / "bakerydemo"
    if app.exists():
        return app
    app.mkdir(parents=True)
    if source is None:
        run(["git", "clone", "--quiet", "--depth", "1", PEER_REPOSITORY, app])
    elif (Path(source) / "objects").is_dir():  # a bare git directory
        archive = subprocess.Popen(["git", "--git-dir", source, "archive", "HEAD"],
                                   stdout=subprocess.PIPE)
        run(["tar", "-x", "-C", app], stdin=archive.stdout)
        if archive.wait():
            raise RuntimeError(f"git archive a échoué sur {source}.")
    else:
        shutil.copytree(source, app, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".git"))
    return app


def peer_virtualenv(folder: Path, app: Path) -> Path:
    """A virtualenv for the peer: its requirements, with the portal's Django and gunicorn."""
    venv = folder / "venv"
    if (venv / ".installed").exists():
        return venv
    django = importlib.metadata.version("django")
    gunicorn = importlib.metadata.version("gunicorn")
    requirements = re.sub(r"(?im)^django\s*[<>=~!].*$", f"Django=={django}",
                          (app / "requirements" / "base.txt").read_text())
    (folder / "requirements.txt").write_text(requirements)
    run([common.PYTHON, "-m", "venv", venv])
    run([venv / "bin" / "pip", "install", "--quiet", "--disable-pip-version-check",
         "-r", folder / "requirements.txt", f"gunicorn=={gunicorn}", "psycopg[binary]",
         "whitenoise"])
    (venv / ".installed").touch()
    return venv


def peer_env(app: Path, database_url: str) -> dict:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": PEER_SETTINGS, "PYTHONPATH": str(app),
            "DJANGO_SECRET_KEY": "bench-only-not-a-secret", "SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": database_url, "DJANGO_LOG_LEVEL": "WARNING"}


def peer_database(folder: Path, engine: str) -> str:
    if engine == "sqlite":
        path = folder / "bakerydemo.sqlite3"
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    # Its settings add django.contrib.postgres for this spelling of the URL only.
    return common.fresh_database("bakerydemo_bench_peer").replace("postgresql://", "postgres://")


def prepare(folder: Path, app: Path, venv: Path, engine: str, scale: str) -> dict:
    """Both databases filled (or those of a kept folder): their URLs and durations."""
    state = folder / f"{engine}.json"
    if state.exists():
        return json.loads(state.read_text())
    portal_url = common.fresh_database("clauses_bench_peer", sqlite=engine == "sqlite")
    durations = pages.prepare(portal_url, pages.SCALES[scale])
    peer_url = peer_database(folder, engine)
    env = peer_env(app, peer_url)
    python = venv / "bin" / "python"
    for command in (["migrate", "-v0"], ["load_initial_data"],
                    ["collectstatic", "--noinput", "-v0"]):
        run([python, "manage.py", *command], cwd=app, env=env, stdout=subprocess.DEVNULL)
    prepared = {"portal": portal_url, "peer": peer_url, "preparation_s": durations}
    state.write_text(json.dumps(prepared))
    return prepared


def drop(folder: Path, engine: str) -> None:
    """Remove both throwaway databases of `engine` (the peer's SQLite file goes with the
    folder)."""
    state = folder / f"{engine}.json"
    if not state.exists():
        return
    portal_url = json.loads(state.read_text())["portal"]
    if engine == "sqlite":
        Path(portal_url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        return
    import psycopg

    with psycopg.connect(f"{common.PG_SERVER}/postgres", autocommit=True) as conn:
        for name in ("clauses_bench_peer", "bakerydemo_bench_peer"):
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def portal_publication(url: str) -> str:
    """The newest live publication's URL, as bench/pages.py measures it."""
    code = ("from resources.models import GuidePage; "
            "print(GuidePage.objects.live().order_by('-pk').first().url)")
    out = subprocess.run([str(common.PYTHON), "manage.py", "shell", "-c", code],
                         cwd=common.ROOT, env=common.environment(url), check=True,
                         capture_output=True, text=True).stdout
    return out.strip().splitlines()[-1]


def peer_article(port: int) -> str:
    """The first article that the peer's blog listing links to."""
    body = common.get(port, PEER_PATHS["liste"])[1].decode()
    return next(link for link in re.findall(r'href="(/blog/[^"/]+/)"', body)
                if not link.startswith("/blog/tags/"))


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):7.1f} ({min(values):.0f}–{max(values):.0f})"


def measure_engine(engine, folder, app, venv, static_root, options) -> dict:
    prepared = prepare(folder, app, venv, engine, options.scale)
    portal_env = pages.production_env(prepared["portal"], static_root, cache=False)
    run([common.PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=common.ROOT, env=portal_env)
    with contextlib.ExitStack() as stack:
        portal_port = stack.enter_context(common.gunicorn(portal_env))
        peer_port = stack.enter_context(common.gunicorn(
            peer_env(app, prepared["peer"]), executable=venv / "bin" / "gunicorn",
            application="bakerydemo.wsgi:application", cwd=app, ready_path="/"))
        paths = {"portail": {**PORTAL_PATHS, "detail": portal_publication(prepared["portal"])},
                 "pair": {**PEER_PATHS, "detail": peer_article(peer_port)}}
        ports = {"portail": portal_port, "pair": peer_port}
        sizes = {side: {label: len(common.get(ports[side], path)[1])
                        for label, path in paths[side].items()} for side in ports}
        rows = {label: {"portail": [], "pair": [], "ratio": []} for label in PAIRS}
        for round_number in range(options.rounds):
            sides = ("portail", "pair") if round_number % 2 == 0 else ("pair", "portail")
            for label in PAIRS:
                for side in sides:
                    result = pages.measure(ports[side], paths[side][label], options)
                    if result["errors"]:
                        raise RuntimeError(f"{side} {paths[side][label]} : "
                                           f"{result['errors']} erreurs.")
                    rows[label][side].append(result["rps"])
                rows[label]["ratio"].append(rows[label]["portail"][-1] / rows[label]["pair"][-1])
                print(f"  tour {round_number + 1} {label:<10} portail "
                      f"{rows[label]['portail'][-1]:7.1f}  pair {rows[label]['pair'][-1]:7.1f}"
                      f"  ÷ {rows[label]['ratio'][-1]:.2f}", flush=True)
    return {"chemins": paths, "octets": sizes, "mesures": rows,
            "preparation_s": prepared["preparation_s"]}


def print_table(name: str, result: dict) -> None:
    print(f"\n[{name}] {'page':<10} {'portail req/s (min–max)':>24} {'pair req/s (min–max)':>24}"
          f" {'portail ÷ pair (min–max)':>26}  en tête")
    for label in PAIRS:
        row = result["mesures"][label]
        ratio = statistics.median(row["ratio"])
        print(f"[{name}] {label:<10} {spread(row['portail']):>24} {spread(row['pair']):>24} "
              f"{ratio:14.2f} ({min(row['ratio']):.2f}–{max(row['ratio']):.2f})"
              f"  {'oui' if min(row['ratio']) > 1 else 'NON' if ratio <= 1 else 'médiane'}")
    for side in ("portail", "pair"):
        described = ", ".join(f"{label} {result['chemins'][side][label]} "
                              f"({result['octets'][side][label] // 1024} Ko)" for label in PAIRS)
        print(f"[{name}] {side} : {described}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peer", default=os.environ.get("PEER_SOURCE") or None,
                        help="Dépôt git (répertoire .git ou nu) ou copie de bakerydemo.")
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--scale", choices=sorted(pages.SCALES), default="small")
    parser.add_argument("--duration", type=int, default=5, help="Secondes par mesure.")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", help="Dossier de travail gardé d'une exécution à l'autre.")
    options = parser.parse_args()
    options.duration = max(2, min(options.duration, 60))
    options.connections = max(1, min(options.connections, 64))
    options.rounds = max(1, min(options.rounds, 10))
    engines = [engine.strip() for engine in options.engines.split(",") if engine.strip()]
    if not set(engines) <= {"sqlite", "postgresql"}:
        parser.error("--engines : sqlite et/ou postgresql.")
    if not os.access(pages.WRK, os.X_OK):
        sys.exit("wrk est requis (make wrk).")

    folder = Path(options.keep) if options.keep else Path(tempfile.mkdtemp(prefix="bench-peer-"))
    folder.mkdir(parents=True, exist_ok=True)
    static_root = tempfile.mkdtemp(prefix="bench-static-")
    results = {"duree_s": options.duration, "connexions": options.connections,
               "tours": options.rounds, "echelle": options.scale, "bases": {}}
    try:
        print(f"Pair : {folder}. Installation…", flush=True)
        app = peer_source(folder, options.peer)
        venv = peer_virtualenv(folder, app)
        for engine in engines:
            name = "PostgreSQL" if engine == "postgresql" else "SQLite"
            print(f"\n{name} : préparation et mesures…", flush=True)
            results["bases"][name] = measure_engine(engine, folder, app, venv, static_root,
                                                    options)
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
        if not options.keep:
            for engine in engines:
                drop(folder, engine)
            shutil.rmtree(folder, ignore_errors=True)
    results["charge_machine"] = [round(load, 2) for load in os.getloadavg()]
    for name, result in results["bases"].items():
        print_table(name, result)
    print(f"\nwrk {options.connections} connexions, {options.duration} s par mesure, "
          f"{options.rounds} tours alternés ; gunicorn 2 workers chacun ; sans cache de pages.")
    print(f"Charge de la machine (1, 5, 15 min) : {results['charge_machine']}")
    out = common.ROOT / "bench" / "results" / "peer.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"Résultats : {out.relative_to(common.ROOT)}")


if __name__ == "__main__":
    main()
