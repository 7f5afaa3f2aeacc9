"""scripts/backup.sh then scripts/restore.sh bring back every page, document,
market, beneficiary and declaration, and the media files, into an empty database.

Runs against a real PostgreSQL server (127.0.0.1:5432, user postgres, or
BACKUP_TEST_POSTGRES_URL) when the suite itself runs on PostgreSQL or that variable is
set: the scripts are PostgreSQL's whatever the suite's database, so once per CI run is
enough. Skipped where the server or pg_dump is absent.
"""

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection
from wagtail.documents import get_document_model
from wagtail.models import Page

from clauses.models import Beneficiary, HoursDeclaration, Market

ROOT = Path(__file__).resolve().parents[2]
SERVER = os.environ.get("BACKUP_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432")
MODELS = [Page, get_document_model(), Market, Beneficiary, HoursDeclaration]

psycopg = pytest.importorskip("psycopg")


def _server_or_skip():
    if connection.vendor != "postgresql" and "BACKUP_TEST_POSTGRES_URL" not in os.environ:
        pytest.skip("Run with the suite on PostgreSQL (DATABASE_URL) or BACKUP_TEST_POSTGRES_URL")
    for tool in ("pg_dump", "pg_restore", "psql"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} absent (apt-get install postgresql-client)")
    try:
        psycopg.connect(f"{SERVER}/postgres", connect_timeout=3).close()
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL unreachable: {exc}")


@pytest.fixture
def databases():
    """Two fresh databases, the source and the empty target, dropped afterwards."""
    _server_or_skip()
    names = [f"backup_{kind}_{uuid.uuid4().hex[:8]}" for kind in ("source", "target")]
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
    yield [f"{SERVER}/{name}" for name in names]
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run(command, database_url, media_root):
    env = {**os.environ, "DATABASE_URL": database_url, "MEDIA_ROOT": str(media_root),
           "DJANGO_SETTINGS_MODULE": "portal.settings.test"}
    # The commands are this repository's own scripts, with paths from tmp_path.
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True)  # noqa: S603


def _rows(database_url) -> dict[str, list[tuple]]:
    with psycopg.connect(database_url) as connection:
        return {
            model._meta.db_table: connection.execute(
                f'SELECT * FROM "{model._meta.db_table}" ORDER BY 1'  # noqa: S608 (model names)
            ).fetchall()
            for model in MODELS
        }


def test_backup_restores_every_record_and_media_file_into_an_empty_database(
    databases, tmp_path
):
    source, target = databases
    media, restored_media = tmp_path / "media", tmp_path / "restored-media"
    manage = [sys.executable, "manage.py"]
    _run([*manage, "migrate", "--noinput"], source, media)
    _run([*manage, "seed_demo"], source, media)

    _run(["scripts/backup.sh", str(tmp_path / "backup")], source, media)
    _run(["scripts/restore.sh", str(tmp_path / "backup")], target, restored_media)

    before, after = _rows(source), _rows(target)
    for table, rows in before.items():
        assert rows, f"the demo data should fill {table}"
        assert after[table] == rows, table
    assert any((media / "documents").rglob("*.*")), "the demo data should store a document"
    assert _files(restored_media) == _files(media)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_restore_refuses_a_database_that_is_not_empty(databases, tmp_path):
    source, target = databases
    with psycopg.connect(target) as connection:
        connection.execute("CREATE TABLE kept (id integer)")
        connection.execute("INSERT INTO kept VALUES (1)")
    _run(["scripts/backup.sh", str(tmp_path / "backup")], source, tmp_path / "media")

    with pytest.raises(subprocess.CalledProcessError) as error:
        _run(["scripts/restore.sh", str(tmp_path / "backup")], target, tmp_path / "other")

    assert "base vide" in error.value.stderr
    with psycopg.connect(target) as connection:
        assert connection.execute("SELECT id FROM kept").fetchall() == [(1,)]
