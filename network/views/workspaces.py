"""The members' area: dashboard (/espace/) and workspaces (/espace/territoires/<slug>/…)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from wagtail.documents import get_document_model

from network import workspaces
from network.dashboard import panels_for
from network.enums import WorkspaceRole
from network.forms import ActionItemForm, ActionStatusForm, DocumentForm, MemberForm, PostForm
from network.models import Workspace, WorkspacePost
from network.permissions import (
    Action,
    get_for,
    has_permission,
    may_delete_document,
    may_delete_post,
    may_set_action_status,
    refusal,
    workspace_role,
)

Document = get_document_model()


def _name(account) -> str:
    return account.get_full_name() or account.get_username()


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
def dashboard(request):
    return render(request, "network/workspaces/dashboard.html", {"panels": panels_for(request)})


@login_required
def workspace_list(request):
    """The workspaces the person reads, each with its kind and their role in it."""
    spaces = list(workspaces.workspaces_of(request.user).order_by("kind", "name"))
    for space in spaces:
        space.role = workspace_role(request.user, space)
    return render(request, "network/workspaces/list.html", {"workspaces": spaces})


def _workspace(request, kind: str, slug: str, action: Action = Action.VIEW) -> Workspace:
    """The workspace if the user may `action` it: 404 if unknown, 403 if not a member."""
    return get_for(
        request.user, action,
        Workspace.objects.select_related(
            "territory__network", "territory__organisation", "committee"
        ),
        kind=kind, slug=slug,
    )


def _back(workspace: Workspace, anchor: str = ""):
    return redirect(f"{workspace.get_absolute_url()}{anchor}")


@login_required
def detail(request, kind, slug):
    workspace = _workspace(request, kind, slug)
    role = workspace_role(request.user, workspace)
    can_contribute = role is not None and role.rank >= WorkspaceRole.CONTRIBUTOR.rank
    members = workspaces.members_of(workspace)
    user = request.user
    documents = list(workspaces.documents_of(workspace)[:50])
    for document in documents:
        document.can_delete = may_delete_document(user, workspace, document)
    posts = list(workspace.posts.select_related("author")[:20])
    for post in posts:
        post.can_delete = may_delete_post(user, workspace, post)
    action_items = list(workspaces.action_items_of(workspace)[:50])
    for item in action_items:
        item.can_set_status = may_set_action_status(user, workspace, item)
    return render(request, "network/workspaces/detail.html", {
        "workspace": workspace,
        "role": role,
        "can_contribute": can_contribute,
        "can_manage": role == WorkspaceRole.MANAGER,
        "members": members,
        "documents": documents,
        "posts": posts,
        "action_items": action_items,
        "meetings": list(workspaces.meetings_of(workspace)),
        "document_form": DocumentForm() if can_contribute else None,
        "post_form": PostForm() if can_contribute else None,
        "action_form": ActionItemForm(members=members) if can_contribute else None,
        "status_choices": ActionStatusForm.base_fields["status"].choices,
    })


@login_required
def members(request, kind, slug):
    workspace = _workspace(request, kind, slug)
    can_manage = has_permission(request.user, Action.MANAGE_MEMBERS, workspace)
    form = MemberForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise refusal(request.user, workspace, Action.MANAGE_MEMBERS)
        if form.is_valid():
            try:
                account = workspaces.add_member(
                    workspace, request.user, form.cleaned_data["identifier"],
                    form.cleaned_data["role"],
                )
            except ValidationError as error:
                form.add_error("identifier", error)
            else:
                messages.success(
                    request,
                    f"{_name(account)} est désormais "
                    f"{WorkspaceRole(form.cleaned_data['role']).label.lower()} de l'espace.",
                )
                return redirect(f"{workspace.get_absolute_url()}membres/")
    return render(request, "network/workspaces/members.html", {
        "workspace": workspace, "members": workspaces.members_of(workspace),
        "form": form, "can_manage": can_manage,
    }, status=400 if form is not None and form.errors else 200)


@login_required
@require_POST
def remove_member(request, kind, slug, user_id):
    workspace = _workspace(request, kind, slug, Action.MANAGE_MEMBERS)
    # Only a member is found: any other account id answers as an absent one, so that
    # the page never names an account that has nothing to do with the workspace.
    members = {m.user.pk: m.user for m in workspaces.members_of(workspace)}
    account = members.get(user_id)
    if account is None:
        raise Http404
    try:
        workspaces.remove_member(workspace, request.user, account)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, f"{_name(account)} a été retiré de l'espace.")
    return redirect(f"{workspace.get_absolute_url()}membres/")


@login_required
@require_POST
def upload(request, kind, slug):
    workspace = _workspace(request, kind, slug, Action.CONTRIBUTE)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            workspaces.upload_document(
                workspace, request.user, form.cleaned_data["title"], form.cleaned_data["file"]
            )
        except ValidationError as error:
            messages.error(request, f"Le fichier n'a pas été déposé. {_error_text(error)}")
        else:
            messages.success(request, "Le document est déposé dans l'espace.")
    else:
        messages.error(request, "Le fichier n'a pas été déposé : choisissez un fichier.")
    return _back(workspace, "#documents")


@login_required
def download(request, kind, slug, document_id):
    """Serve a workspace document after the permission check: never from a public URL."""
    workspace = _workspace(request, kind, slug, Action.DOWNLOAD)
    try:
        document = workspaces.document_of(workspace, document_id)
    except Document.DoesNotExist as missing:
        raise Http404("Document introuvable.") from missing
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("Le fichier de ce document est introuvable.") from missing
    response = FileResponse(handle, as_attachment=True, filename=document.filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def delete_document(request, kind, slug, document_id):
    workspace = _workspace(request, kind, slug, Action.CONTRIBUTE)
    try:
        document = workspaces.document_of(workspace, document_id)
    except Document.DoesNotExist as missing:
        raise Http404 from missing
    workspaces.delete_document(workspace, request.user, document)
    messages.success(request, "Le document est supprimé.")
    return _back(workspace, "#documents")


@login_required
@require_POST
def add_post(request, kind, slug):
    workspace = _workspace(request, kind, slug, Action.CONTRIBUTE)
    form = PostForm(request.POST)
    if form.is_valid():
        workspaces.add_post(workspace, request.user, form.cleaned_data["body"])
        messages.success(request, "Votre message est publié dans l'espace.")
    else:
        messages.error(request, "Le message n'a pas été publié : il est vide ou trop long.")
    return _back(workspace, "#messages")


@login_required
@require_POST
def delete_post(request, kind, slug, post_id):
    workspace = _workspace(request, kind, slug, Action.CONTRIBUTE)
    post = get_object_or_404(WorkspacePost, pk=post_id, workspace=workspace)
    workspaces.delete_post(workspace, request.user, post)
    messages.success(request, "Le message est supprimé.")
    return _back(workspace, "#messages")


@login_required
@require_POST
def add_action_item(request, kind, slug):
    workspace = _workspace(request, kind, slug, Action.CONTRIBUTE)
    form = ActionItemForm(request.POST, members=workspaces.members_of(workspace))
    if form.is_valid():
        workspaces.add_action_item(workspace, request.user, **form.cleaned_data)
        messages.success(request, "L'action est ajoutée.")
    else:
        errors = " ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, f"L'action n'a pas été ajoutée. {errors}")
    return _back(workspace, "#actions")


@login_required
@require_POST
def set_action_status(request, kind, slug, item_id):
    workspace = _workspace(request, kind, slug)
    item = get_object_or_404(workspaces.action_items_of(workspace), pk=item_id)
    form = ActionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Cet état n'existe pas.")
        return _back(workspace, "#actions")
    workspaces.set_action_status(workspace, request.user, item, form.cleaned_data["status"])
    messages.success(request, f"L'action est passée à l'état « {item.get_status_display()} ».")
    return _back(workspace, "#actions")

