"""Wagtail's moderation e-mails (a page submitted to "Relecture", approved, rejected),
sent through the task framework like the portal's own, one per submission.

Wagtail connects its notifiers to its workflow signals in its admin app's ready(), with
fixed dispatch_uids. `connect()` runs first (this app comes before wagtail.admin in
INSTALLED_APPS) and takes those dispatch_uids: Wagtail's own connections are then
ignored by Django's signals, and ours only enqueue a task that runs Wagtail's notifier
with the same templates (overridden in French by network/templates/wagtailadmin/).

Wagtail e-mails a submission twice to administrators (once for the workflow, once for
its group approval task): the workflow's is dropped when its current task is a group
approval task, whose e-mail already goes to the moderators and administrators.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django_tasks import task
from wagtail.admin.mail import (
    GroupApprovalTaskStateSubmissionEmailNotifier,
    WorkflowStateApprovalEmailNotifier,
    WorkflowStateRejectionEmailNotifier,
    WorkflowStateSubmissionEmailNotifier,
)
from wagtail.models import AbstractGroupApprovalTask, TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted

# signal, sender, Wagtail's dispatch_uid, notifier
NOTIFIERS = {
    "task_submitted": (task_submitted, TaskState,
                       "group_approval_task_submitted_email_notification",
                       GroupApprovalTaskStateSubmissionEmailNotifier()),
    "workflow_submitted": (workflow_submitted, WorkflowState,
                           "workflow_state_submitted_email_notification",
                           WorkflowStateSubmissionEmailNotifier()),
    "workflow_rejected": (workflow_rejected, WorkflowState,
                          "workflow_state_rejected_email_notification",
                          WorkflowStateRejectionEmailNotifier()),
    "workflow_approved": (workflow_approved, WorkflowState,
                          "workflow_state_approved_email_notification",
                          WorkflowStateApprovalEmailNotifier()),
}


@task()
def send_moderation_email(event: str, state_pk: int, user_pk: int | None) -> bool:
    _, sender, _, notifier = NOTIFIERS[event]
    state = sender.objects.filter(pk=state_pk).first()
    if state is None:
        return False
    user = get_user_model()._default_manager.filter(pk=user_pk).first() if user_pk else None
    return bool(notifier(instance=state, user=user))


def _covered_by_task_email(workflow_state) -> bool:
    current = workflow_state.current_task_state
    return current is not None and isinstance(current.task.specific, AbstractGroupApprovalTask)


def _receiver(event: str):
    def receive(sender, instance=None, user=None, **kwargs):
        if instance is None:
            return
        if event == "workflow_submitted" and _covered_by_task_email(instance):
            return
        args = (event, instance.pk, getattr(user, "pk", None))
        transaction.on_commit(lambda: send_moderation_email.enqueue(*args))

    receive.__name__ = f"enqueue_{event}_email"
    return receive


_receivers = {event: _receiver(event) for event in NOTIFIERS}


def connect() -> None:
    for event, (signal, sender, dispatch_uid, _) in NOTIFIERS.items():
        signal.connect(_receivers[event], sender=sender, dispatch_uid=dispatch_uid)
