import re

import pytest
from django.core import mail

from tests.network import factories as f

pytestmark = pytest.mark.django_db


def _login(client, username, password=f.PASSWORD, **extra):
    return client.post("/compte/connexion/", {"username": username, "password": password},
                       **extra)


def test_login_page_is_in_french(client):
    html = client.get("/compte/connexion/").content.decode()

    assert "Connexion à l'espace membres" in html
    assert "Mot de passe oublié" in html
    assert 'lang="fr"' in html


def test_login_goes_to_the_members_area(client):
    f.UserFactory(username="facilitateur.dijon")

    response = _login(client, "facilitateur.dijon")

    assert response.status_code == 302 and response["Location"] == "/espace/"
    assert client.get("/espace/").status_code == 200


def test_login_follows_next_to_the_page_asked_for(client):
    territory = f.TerritoryFactory(slug="bassin-dijonnais")
    f.facilitator_of(territory, username="facilitateur.dijon")

    response = client.post(
        "/compte/connexion/?next=/espace/territoires/bassin-dijonnais/",
        {"username": "facilitateur.dijon", "password": f.PASSWORD,
         "next": "/espace/territoires/bassin-dijonnais/"},
    )

    assert response["Location"] == "/espace/territoires/bassin-dijonnais/"


def test_wrong_password_answers_in_french_and_does_not_sign_in(client):
    f.UserFactory(username="membre.urpa")

    response = _login(client, "membre.urpa", "pas-le-bon")

    assert response.status_code == 200
    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in response.content.decode()
    assert client.get("/espace/").status_code == 302


def test_repeated_failed_logins_are_throttled(client, settings):
    f.UserFactory(username="membre.urpa")

    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "membre.urpa", "pas-le-bon")
    locked = _login(client, "membre.urpa")  # even the right password is refused now

    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Connexion temporairement bloquée" in html
    assert "pendant 15 minutes" in html
    assert client.get("/espace/").status_code == 302


def test_throttling_is_per_account_and_address(client, settings):
    f.UserFactory(username="membre.urpa")
    f.UserFactory(username="facilitateur.dijon")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "membre.urpa", "pas-le-bon")

    assert _login(client, "facilitateur.dijon").status_code == 302
    assert _login(client, "membre.urpa", REMOTE_ADDR="203.0.113.7").status_code == 302


def test_signed_in_user_coming_back_to_login_goes_on_to_the_members_area(client):
    client.force_login(f.UserFactory())

    response = client.get("/compte/connexion/")

    assert response.status_code == 302 and response["Location"] == "/espace/"


def test_logout_signs_out(client):
    client.force_login(f.UserFactory())

    response = client.post("/compte/deconnexion/")

    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/espace/").status_code == 302


def test_password_change(client):
    user = f.UserFactory(username="membre.urpa")
    client.force_login(user)

    page = client.get("/compte/mot-de-passe/").content.decode()
    response = client.post("/compte/mot-de-passe/", {
        "old_password": f.PASSWORD,
        "new_password1": "un-nouveau-mot-de-passe-solide",
        "new_password2": "un-nouveau-mot-de-passe-solide",
    })

    assert "Changer de mot de passe" in page
    assert response["Location"] == "/compte/mot-de-passe/modifie/"
    user.refresh_from_db()
    assert user.check_password("un-nouveau-mot-de-passe-solide")


def test_password_change_refuses_a_weak_password_in_french(client):
    user = f.UserFactory()
    client.force_login(user)

    response = client.post("/compte/mot-de-passe/", {
        "old_password": f.PASSWORD, "new_password1": "azerty", "new_password2": "azerty",
    })

    assert response.status_code == 200
    assert "Ce mot de passe est trop court" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(f.PASSWORD)


def test_password_reset_by_email(client):
    user = f.UserFactory(username="facilitateur.nevers", email="facilitatrice@plie-nevers.fr")

    response = client.post("/compte/mot-de-passe/oublie/",
                           {"email": "facilitatrice@plie-nevers.fr"})

    assert response["Location"] == "/compte/mot-de-passe/oublie/envoye/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Réinitialisation de votre mot de passe — Clauses sociales"
    assert "nouveau mot de passe" in message.body
    link = re.search(r"http://[^/]+(/compte/reinitialisation/\S+/)", message.body).group(1)

    form_url = client.get(link)["Location"]  # Django hides the token behind a redirect
    page = client.get(form_url).content.decode()
    done = client.post(form_url, {"new_password1": "encore-un-mot-de-passe-neuf",
                                  "new_password2": "encore-un-mot-de-passe-neuf"})

    assert "Choisir un nouveau mot de passe" in page
    assert done["Location"] == "/compte/reinitialisation/terminee/"
    user.refresh_from_db()
    assert user.check_password("encore-un-mot-de-passe-neuf")


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client):
    response = client.post("/compte/mot-de-passe/oublie/", {"email": "personne@exemple.fr"},
                           follow=True)

    assert "Consultez votre messagerie" in response.content.decode()
    assert mail.outbox == []


def test_member_edits_their_own_profile(client):
    organisation = f.OrganisationFactory(name="PLIE des Graves")
    user = f.member(organisation=organisation, username="membre.urpa")
    client.force_login(user)

    page = client.get("/compte/").content.decode()
    response = client.post("/compte/", {
        "first_name": "Noël", "last_name": "Durand", "email": "noel.durand@plie-graves.fr",
        "job_title": "Chargé de mission clauses sociales", "phone": "05 56 00 00 00",
    }, follow=True)

    assert "PLIE des Graves" in page and "Membre</span>" in page
    assert "Votre profil est enregistré." in response.content.decode()
    user.refresh_from_db()
    assert user.get_full_name() == "Noël Durand"
    assert user.profile.job_title == "Chargé de mission clauses sociales"


def test_profile_needs_a_valid_email_and_changes_nothing_otherwise(client):
    user = f.member(email="avant@exemple.fr")
    client.force_login(user)

    response = client.post(
        "/compte/", {"first_name": "A", "last_name": "B", "email": "pas-un-email"}
    )

    assert response.status_code == 200
    assert "Saisissez une adresse de courriel valide" in response.content.decode()
    user.refresh_from_db()
    assert user.email == "avant@exemple.fr"


def test_every_account_gets_a_profile():
    user = f.UserFactory()

    assert user.profile.organisation is None


def _visible_text(html):
    html = re.sub(r"<script.*?</script>|<style.*?</style>|<svg.*?</svg>", "", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_admin_login_page_is_in_french(client):
    html = client.get("/admin/login/").content.decode()
    labels = [" ".join(re.sub(r"<[^>]+>", " ", label).split())
              for label in re.findall(r"<label[^>]*>.*?</label>", html, re.S)]

    assert 'lang="fr"' in html
    assert "Mot de passe *" in labels and "Nom d’utilisateur *" in labels
    assert "Password" not in _visible_text(html)


def test_admin_wrong_password_and_reset_answer_in_french(client):
    f.administrator(username="admin", email="admin@exemple.fr")

    wrong = client.post("/admin/login/", {"username": "admin", "password": "faux"})
    reset_page = client.get("/admin/password_reset/")
    client.post("/admin/password_reset/", {"email": "admin@exemple.fr"})
    done = client.get("/admin/password_reset/done/")

    assert "ne correspondent à aucun utilisateur" in wrong.content.decode()
    assert "Réinitialisez votre mot de passe" in reset_page.content.decode()
    assert "Consultez vos e-mails" in done.content.decode()
    assert mail.outbox[0].subject == "Réinitialisation de mot de passe"
    assert "Suivez le lien ci-dessous" in mail.outbox[0].body
