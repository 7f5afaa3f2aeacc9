"""The library's editorial configuration: document collections and the "Relecture"
workflow. A data migration creates them (they are product configuration, present in
production too); the index page attaches the workflow when it is created."""

from wagtail.models import Workflow, WorkflowPage

PUBLIC_COLLECTION = "Public"
MEMBERS_COLLECTION = "Membres"
WORKFLOW_NAME = "Relecture"
REVIEW_TASK_NAME = "Relecture et publication par un modérateur"


def attach_library_workflow(index_page) -> None:
    """Submissions anywhere in the library go through "Relecture". Does nothing if the
    page already has a workflow of its own or if the workflow was removed."""
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME, active=True).first()
    if workflow is None or WorkflowPage.objects.filter(page=index_page).exists():
        return
    WorkflowPage.objects.create(page=index_page, workflow=workflow)
