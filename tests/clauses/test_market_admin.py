"""The Wagtail admin screens of the market follow-up, and the demo data's refusal to
seed markets without the network's demo."""

from django.contrib.auth.models import Permission

from clauses import demo as clauses_demo
from clauses.models import Market
from tests.clauses.factories import MarketFactory


def test_demo_skips_without_the_network(db, capsys):
    clauses_demo.seed()
    assert not Market.objects.exists()
    assert "aucun marché de démonstration" in capsys.readouterr().out


def _admin_user(user):
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def test_admin_lists_only_the_users_markets(client, world):
    other = MarketFactory(reference="AILLEURS", lead_territory=world.nevers)
    client.force_login(_admin_user(world.users["facilitateur_territoire"]))
    response = client.get("/admin/marches/")
    assert response.status_code == 200
    html = response.content.decode()
    assert world.market.reference in html
    assert "AILLEURS" not in html
    assert client.get(f"/admin/marches/edit/{other.pk}/").status_code == 404
    assert client.get(f"/admin/marches/edit/{world.market.pk}/").status_code == 200


def test_admin_refuses_plain_members(client, world):
    client.force_login(_admin_user(world.users["membre"]))
    response = client.get("/admin/marches/")
    assert response.status_code in (302, 403)


def test_admin_has_no_beneficiary_screen(client, world):
    # Their records are viewed on /espace/beneficiaires/, where every view is logged.
    client.force_login(_admin_user(world.users["facilitateur_territoire"]))
    assert client.get("/admin/beneficiaires/").status_code == 404


def test_status_is_not_editable_in_the_admin(client, world):
    client.force_login(_admin_user(world.users["facilitateur_territoire"]))
    html = client.get(f"/admin/marches/edit/{world.market.pk}/").content.decode()
    assert 'name="status"' not in html
    assert world.market.status_changes.count() == 1
