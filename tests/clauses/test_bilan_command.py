"""manage.py bilan: the same numbers as JSON, CSV or XLSX, for a year and a scope."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from clauses.bilans.enums import ScopeKind
from clauses.bilans.exports import to_json
from clauses.bilans.indicators import INDICATORS, compute_bilan
from clauses.bilans.scopes import Period, Scope
from tests.clauses import bilan_helpers
from tests.clauses.bilan_factories import build_dataset

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    return build_dataset()


def run(*args) -> str:
    out = io.StringIO()
    call_command("bilan", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_json_of_the_whole_country(data):
    body = json.loads(run("--annee", "2024", "--format", "json"))

    assert tuple(body) == INDICATORS
    assert body == to_json(compute_bilan(Scope(ScopeKind.NATIONAL, None, Period.year(2024))))


def test_csv_of_a_territory(data):
    expected = bilan_helpers.from_json(
        compute_bilan(Scope(ScopeKind.TERRITORY, data.t1, Period.year(2024)))
    )

    text = run("--annee", "2024", "--territoire", "senonais", "--format", "csv")

    assert text.startswith(
        "\ufeffperimetre;periode;indicateur;tableau;code;libelle;mesure;valeur\r\n"
    )
    assert bilan_helpers.from_csv(text) == expected


def test_csv_written_to_a_file_keeps_the_french_conventions(data, tmp_path):
    target = tmp_path / "bilan.csv"

    run("--annee", "2024", "--territoire", "senonais", "--format", "csv",
        "--sortie", str(target))

    content = target.read_bytes()
    assert content.startswith("\ufeffperimetre;periode;".encode())
    assert b"\r\r\n" not in content and content.count(b"\r\n") > 10
    assert bilan_helpers.from_csv(content.decode("utf-8")) == bilan_helpers.from_json(
        compute_bilan(Scope(ScopeKind.TERRITORY, data.t1, Period.year(2024)))
    )


def test_xlsx_of_a_buyer_is_written_to_a_file(data, tmp_path):
    target = tmp_path / "bilan.xlsx"
    expected = bilan_helpers.from_json(
        compute_bilan(Scope(ScopeKind.BUYER, data.buyer1, Period.year(2024)))
    )

    run("--annee", "2024", "--acheteur", str(data.buyer1.pk), "--format", "xlsx",
        "--sortie", str(target))

    assert bilan_helpers.from_xlsx(target.read_bytes()) == expected


@pytest.mark.parametrize(("args", "message"), [
    (["--annee", "1990"], "L'année doit être comprise entre 2008 et"),
    (["--annee", "2024", "--territoire", "nulle-part"], "Aucun territoire"),
    (["--annee", "2024", "--territoire", "senonais", "--acheteur", "1"], "Un seul périmètre"),
    (["--annee", "2024", "--format", "xlsx"], "ajoutez --sortie"),
])
def test_wrong_arguments_stop_with_a_french_message(data, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
