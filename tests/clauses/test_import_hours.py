"""Import of monthly hours from CSV and XLSX, by the command and the library function."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from clauses.imports.monthly_hours import import_hours
from clauses.models import HoursDeclaration
from tests.clauses.factories import (
    BeneficiaryFactory,
    ClauseFactory,
    MarketFactory,
    PlacementFactory,
)

HEADER = "marche;lot;beneficiaire;mois;heures;heures_formation"


def csv_file(*lines, header=HEADER, name="heures.csv"):
    data = io.BytesIO("\n".join([header, *lines]).encode("utf-8"))
    data.name = name
    return data


def xlsx_file(rows, name="heures.xlsx"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    workbook.save(data)
    data.seek(0)
    data.name = name
    return data


def row(world, month, hours, training="", pseudonym=None, market=None, lot=None):
    lot = world.clause.lot.number if lot is None else lot
    return ";".join([
        market or world.market.reference, str(lot), pseudonym or world.beneficiary.pseudonym,
        month, hours, training,
    ])


def snapshot():
    return list(
        HoursDeclaration.objects.order_by("pk").values_list(
            "placement_id", "month", "hours_worked", "training_hours", "version", "updated_at"
        )
    )


def test_good_file_creates_and_updates_declarations(world):
    facilitator = world.users["facilitateur_territoire"]
    report = import_hours(csv_file(
        row(world, "2025-02", "100"),          # February exists with 120 h: updated
        row(world, "2025-03", "151,67", "7"),  # decimal comma
        row(world, "2025-04", "35.5"),         # decimal point
    ), user=facilitator)

    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (2, 1, 0)
    declarations = {
        d.month: d for d in HoursDeclaration.objects.filter(placement=world.placement)
    }
    february = declarations[datetime.date(2025, 2, 1)]
    assert february.hours_worked == Decimal("100.00")
    assert february.version == world.declaration.version + 1
    march = declarations[datetime.date(2025, 3, 1)]
    assert (march.hours_worked, march.training_hours) == (Decimal("151.67"), Decimal("7.00"))
    assert march.credited_clause == world.clause
    assert declarations[datetime.date(2025, 4, 1)].hours_worked == Decimal("35.50")


def test_one_bad_row_among_good_ones_writes_nothing(world):
    before = snapshot()
    report = import_hours(csv_file(
        row(world, "2025-03", "35"),
        row(world, "2025-04", "-3"),
        row(world, "2025-05", "35"),
    ), user=world.users["facilitateur_territoire"])

    assert not report.ok
    assert [(e.line, e.column) for e in report.errors] == [(3, "heures")]
    assert "négatif" in report.errors[0].message
    assert snapshot() == before
    assert "Rien n'a été enregistré" in report.summary()


def test_importing_the_same_file_again_changes_nothing(world):
    lines = [row(world, "2025-03", "35"), row(world, "2025-04", "70", "3,5")]
    first = import_hours(csv_file(*lines), user=world.users["facilitateur_territoire"])
    assert first.created == 2
    after_first = snapshot()

    second = import_hours(csv_file(*lines), user=world.users["facilitateur_territoire"])

    assert second.ok
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert snapshot() == after_first  # same rows, same versions, same timestamps


def test_every_kind_of_bad_row_is_listed_with_its_line_and_reason(world):
    # A person followed by another territory, placed on this market.
    stranger = BeneficiaryFactory(territory=world.nevers)
    PlacementFactory(clause=world.clause, beneficiary=stranger)
    lot = world.clause.lot.number
    report = import_hours(csv_file(
        row(world, "2025-03", "35", market="INCONNU-1"),                    # 2
        row(world, "2025-03", "35", lot=lot + 40),                          # 3
        row(world, "2025-03", "35", pseudonym="B-99999"),                   # 4
        row(world, "2024-11", "35"),                                        # 5
        row(world, "2025-03", "-1"),                                        # 6
        row(world, "2025-04", "251"),                                       # 7
        row(world, "2025-05", "35"),                                        # 8
        row(world, "2025-05", "35"),                                        # 9
        row(world, "2025-06", "35", pseudonym=stranger.pseudonym),          # 10
        row(world, "mars", "35"),                                           # 11
        row(world, "2025-07", "trente"),                                    # 12
        row(world, "2025-08", "200", "60"),                                 # 13
    ), user=world.users["facilitateur_territoire"])

    messages = {(e.line, e.column): e.message for e in report.errors}
    assert messages[(2, "marche")] == "Marché « INCONNU-1 » inconnu ou hors de vos territoires."
    assert messages[(3, "lot")].startswith(f"Le marché « {world.market.reference} » n'a pas de lot")
    assert "inconnu ou que vous ne pouvez pas voir" in messages[(4, "beneficiaire")]
    assert "en dehors" in messages[(5, "mois")]
    assert "négatif" in messages[(6, "heures")]
    assert "Plus de 250 heures" in messages[(7, "heures")]
    assert "la ligne 8" in messages[(9, "")]
    assert "inconnu ou que vous ne pouvez pas voir" in messages[(10, "beneficiaire")]
    assert "AAAA-MM" in messages[(11, "mois")]
    assert "n'est pas un nombre" in messages[(12, "heures")]
    assert "dépassent ensemble 250 heures" in messages[(13, "heures_formation")]
    assert (8, "") not in messages
    assert HoursDeclaration.objects.count() == 1


def test_month_outside_the_clause_period_is_refused(world):
    world.clause.starts_on = datetime.date(2025, 3, 1)
    world.clause.ends_on = datetime.date(2025, 6, 30)
    world.clause.save()

    report = import_hours(csv_file(
        row(world, "2025-07", "35"),
    ), user=world.users["facilitateur_territoire"])

    assert [e.message for e in report.errors] == [
        "Le mois 07/2025 est en dehors de la période de la clause (du 03/2025 au 06/2025)."
    ]


def test_a_buyer_referent_cannot_import_hours_on_their_market(world):
    report = import_hours(csv_file(row(world, "2025-03", "35")),
                          user=world.users["referent_acheteur"])

    assert [e.column for e in report.errors] == ["marche", "beneficiaire"]
    assert "Vous ne pouvez pas déclarer d'heures" in report.errors[0].message
    assert HoursDeclaration.objects.count() == 1


def test_a_facilitator_of_another_territory_sees_the_market_as_unknown(world):
    report = import_hours(csv_file(row(world, "2025-03", "35")),
                          user=world.users["facilitateur_autre_territoire"])

    assert report.errors[0].message.endswith("inconnu ou hors de vos territoires.")


def test_a_reference_two_followed_markets_share_is_refused_as_ambiguous(world):
    """References are unique per buyer: hours are never declared on a guessed market."""
    MarketFactory(reference=world.market.reference, buyer=world.other_buyer,
                  lead_territory=world.dijon)

    report = import_hours(csv_file(row(world, "2025-03", "35")),
                          user=world.users["facilitateur_territoire"])

    assert report.errors[0].column == "marche"
    assert "Plusieurs marchés que vous suivez portent la référence" in report.errors[0].message
    assert HoursDeclaration.objects.count() == 1


def test_market_without_lots_takes_an_empty_lot_column(world):
    market = MarketFactory(lead_territory=world.dijon)
    clause = ClauseFactory(market=market, lot=None)
    placement = PlacementFactory(clause=clause, beneficiary=world.beneficiary)

    report = import_hours(csv_file(
        f"{market.reference};;{world.beneficiary.pseudonym};2025-03;35;",
    ), user=world.users["facilitateur_territoire"])

    assert report.ok, report.errors
    assert placement.declarations.get().hours_worked == Decimal("35.00")


def test_missing_lot_on_a_market_with_lots_says_so(world):
    report = import_hours(csv_file(
        f"{world.market.reference};;{world.beneficiary.pseudonym};2025-03;35;",
    ), user=world.users["facilitateur_territoire"])

    assert "indiquez le numéro du lot" in report.errors[0].message


def test_missing_columns_are_named(world):
    report = import_hours(csv_file("X;2025-03", header="marche;mois"))

    assert len(report.errors) == 1
    assert report.errors[0].line == 0
    assert "lot, beneficiaire, heures" in report.errors[0].message


def test_headers_are_read_whatever_their_case_and_accents(world):
    report = import_hours(csv_file(
        row(world, "2025-03", "35"),
        header="Marché,Lot,Bénéficiaire,Mois,Heures,Heures formation".replace(",", ";"),
    ), user=world.users["facilitateur_territoire"])

    assert report.ok, report.errors


def test_comma_separated_file_in_windows_encoding(world):
    content = (
        "marche,lot,beneficiaire,mois,heures\n"
        f'{world.market.reference},{world.clause.lot.number},{world.beneficiary.pseudonym},'
        '2025-03,"35,5"\n'
    ).encode("cp1252")
    data = io.BytesIO(content)
    data.name = "export.csv"

    report = import_hours(data, user=world.users["facilitateur_territoire"])

    assert report.ok, report.errors
    assert HoursDeclaration.objects.get(month=datetime.date(2025, 3, 1)).hours_worked == Decimal(
        "35.50"
    )


def test_xlsx_file_with_number_and_date_cells(world):
    data = xlsx_file([
        ["marche", "lot", "beneficiaire", "mois", "heures", "heures_formation"],
        [world.market.reference, world.clause.lot.number, world.beneficiary.pseudonym,
         datetime.datetime(2025, 3, 1), 35.5, 4],
        [world.market.reference, str(world.clause.lot.number), world.beneficiary.pseudonym,
         "2025-04", "20", None],
    ])

    report = import_hours(data, user=world.users["facilitateur_territoire"])

    assert report.ok, report.errors
    assert report.created == 2
    march = HoursDeclaration.objects.get(month=datetime.date(2025, 3, 1))
    assert (march.hours_worked, march.training_hours) == (Decimal("35.50"), Decimal("4.00"))


def test_a_file_that_is_not_a_spreadsheet_is_refused(world):
    data = io.BytesIO(b"%PDF-1.4")
    data.name = "heures.pdf"

    report = import_hours(data)

    assert "CSV (.csv) ou Excel (.xlsx)" in report.errors[0].message


def test_resolution_takes_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    placements = [
        PlacementFactory(clause=world.clause, beneficiary=BeneficiaryFactory(territory=world.dijon))
        for _ in range(15)
    ]
    lines = [
        f"{world.market.reference};{world.clause.lot.number};{p.beneficiary.pseudonym};"
        f"2025-{month:02d};35;"
        for p in placements for month in (3, 4)
    ]
    user = world.users["facilitateur_territoire"]
    # The rows are resolved and written with a few set-based queries, and the bilans'
    # monthly figures of what was written made again with six more (clauses.bilans.figures):
    # as many for 30 rows as for 30,000.
    with django_assert_max_num_queries(21):
        report = import_hours(csv_file(*lines), user=user)
    assert report.created == 30


# --- The command ------------------------------------------------------------------


def _write(tmp_path, *lines, name="heures.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]), encoding="utf-8")
    return path


def test_command_imports_as_a_user_and_says_what_it_did(world, tmp_path, capsys):
    path = _write(tmp_path, row(world, "2025-03", "35"))

    call_command("import_hours", str(path), "--utilisateur", "fac-dijon")

    assert "1 créée(s)" in capsys.readouterr().out
    assert HoursDeclaration.objects.count() == 2


def test_command_fails_listing_each_bad_row_in_french(world, tmp_path, capsys):
    path = _write(tmp_path, row(world, "2025-03", "35"), row(world, "2025-04", "300"),
                  row(world, "2025-05", "35", market="NULLE-PART"))

    with pytest.raises(CommandError, match="Import refusé : 2 erreur"):
        call_command("import_hours", str(path))

    err = capsys.readouterr().err
    assert "Ligne 3, colonne « heures » : Plus de 250 heures" in err
    assert "Ligne 4, colonne « marche » : Marché « NULLE-PART » inconnu" in err
    assert HoursDeclaration.objects.count() == 1


def test_command_refuses_an_unknown_user_or_file(world, tmp_path):
    path = _write(tmp_path, row(world, "2025-03", "35"))
    with pytest.raises(CommandError, match="Compte « personne » inconnu"):
        call_command("import_hours", str(path), "--utilisateur", "personne")
    with pytest.raises(CommandError, match="Fichier introuvable"):
        call_command("import_hours", str(tmp_path / "absent.csv"))
