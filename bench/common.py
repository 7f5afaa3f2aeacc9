"""What the benchmarks share: a fresh database (PostgreSQL if it answers, else SQLite),
Django set up on it, and a local gunicorn server on 127.0.0.1."""

from __future__ import annotations

import contextlib
import http.client
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
PG_SERVER = "postgresql://postgres@127.0.0.1:5432"
SQLITE_DIR = ROOT / "var" / "bench"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def fresh_database(name: str, sqlite: bool = False) -> str:
    """Drop and create the benchmark database; return its DATABASE_URL."""
    if not sqlite:
        try:
            import psycopg

            with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True,
                                 connect_timeout=3) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
                conn.execute(f'CREATE DATABASE "{name}"')
            return f"{PG_SERVER}/{name}"
        except Exception as error:  # any failure means: measure on SQLite
            print(f"PostgreSQL indisponible ({error.__class__.__name__}) : SQLite.")
    SQLITE_DIR.mkdir(parents=True, exist_ok=True)
    path = SQLITE_DIR / f"{name}.sqlite3"
    path.unlink(missing_ok=True)
    return f"sqlite:///{path}"


def existing_database(name: str, sqlite: bool, check: str) -> tuple[str, tuple] | None:
    """The URL of the benchmark database `name` left by a previous run, with the row
    `check` (an SQL query without parameters) reads there; None when there is no such
    database or the query fails on it (an incomplete one)."""
    if sqlite:
        import sqlite3

        path = SQLITE_DIR / f"{name}.sqlite3"
        if not path.exists():
            return None
        with contextlib.closing(sqlite3.connect(path)) as conn:
            try:
                return f"sqlite:///{path}", conn.execute(check).fetchone()
            except sqlite3.Error:
                return None
    try:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/{name}", connect_timeout=3) as conn:
            return f"{PG_SERVER}/{name}", conn.execute(check).fetchone()
    except Exception:  # no such database, no server, or an incomplete database
        return None


def environment(database_url: str) -> dict:
    return {**os.environ, "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "bench.settings", "PYTHONPATH": str(ROOT)}


def manage(database_url: str, *args: str) -> float:
    """Run a manage.py command; return its duration in seconds."""
    start = time.perf_counter()
    subprocess.run([str(PYTHON), "manage.py", *args], cwd=ROOT, check=True,
                   env=environment(database_url))
    return time.perf_counter() - start


def setup_django(database_url: str) -> None:
    os.environ.update({"DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "bench.settings"})
    import django

    django.setup()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server(database_url: str, startup_timeout: float = 60):
    """A one-worker gunicorn serving the portal (bench.settings) on a free local port."""
    return gunicorn(environment(database_url), workers=1, startup_timeout=startup_timeout)


def get(port: int, path: str, headers: dict | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def timings(port: int, path: str, count: int, headers: dict | None = None,
            warmup: int = 2, budget: float = 90) -> list[float]:
    """Durations in milliseconds of up to `count` sequential GETs after a warm-up; fewer
    (at least 3) when they take more than `budget` seconds in all."""
    for _ in range(warmup):
        status, body = get(port, path, headers)
        if status != 200:
            raise RuntimeError(f"{path} a répondu {status} : {body[:200]!r}")
    durations = []
    started = time.monotonic()
    while len(durations) < count and (len(durations) < 3 or time.monotonic() - started < budget):
        start = time.perf_counter()
        status, _ = get(port, path, headers)
        durations.append((time.perf_counter() - start) * 1000)
        if status != 200:
            raise RuntimeError(f"{path} a répondu {status}")
    return durations


def summary(durations: list[float]) -> tuple[float, float]:
    ordered = sorted(durations)
    return statistics.median(ordered), ordered[int(0.9 * (len(ordered) - 1))]


def session_cookie(user) -> str:
    """A signed-in session for `user`, made on the server side (no login form to drive)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "network.backends.PortalModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


@contextlib.contextmanager
def gunicorn(env: dict, workers: int = 2, startup_timeout: float = 60, *,
             executable: Path = ROOT / ".venv" / "bin" / "gunicorn",
             application: str = "portal.wsgi:application", cwd: Path = ROOT,
             ready_path: str = "/bench/nu/"):
    """gunicorn serving bench.urls (or another project's `application` from `cwd`) on a
    free port of 127.0.0.1 with the settings and environment given; ready once
    `ready_path` answers 200; stopped (and waited for) on leaving."""
    port = free_port()
    process = subprocess.Popen(
        [str(executable), application,
         "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--timeout", "120",
         "--log-level", "warning"],
        cwd=cwd, env=env,
    )
    try:
        deadline = time.monotonic() + startup_timeout
        while True:
            try:
                if get(port, ready_path)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("Le serveur de mesure n'a pas démarré.")
            time.sleep(0.3)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
