"""In production the e-mails wait in the database for the worker (`manage.py db_worker`),
never sent inside the request that stored the notification."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from network.notifications import notify
from network.notifications.workspace import ACTION
from tests.network import factories as f

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                              "QUEUES": ["default"]}}


# The worker takes its tasks in transactions of its own: real commits, as in production.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_database_backend_queues_and_the_worker_sends(settings):
    settings.TASKS = DATABASE_TASKS
    person = f.member(username="camille")
    notify(ACTION, [person], about=f.TerritoryFactory(), url="/reseau/", label="Objet",
           title="Une action vous est confiée : relire")

    assert mail.outbox == []
    # Beside Wagtail's own tasks (its reference index), which the worker runs too.
    assert DBTaskResult.objects.filter(
        task_path="network.notifications.delivery.send_immediate"
    ).count() == 1

    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(),
                 stderr=StringIO())
    assert [m.subject for m in mail.outbox] == ["Une action vous est confiée : relire"]
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(),
                 stderr=StringIO())
    assert len(mail.outbox) == 1


def test_production_settings_name_the_database_backend():
    from portal.settings.base import task_backends

    assert task_backends("database")["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
