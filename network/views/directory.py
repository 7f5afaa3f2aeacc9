"""Public pages of the partner directory (/reseau/)."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from network import directory
from network.enums import OrganisationKind
from network.models import Committee, Convention, Network, Organisation, Territory
from network.permissions import Action, has_permission

ORGANISATIONS_PER_PAGE = 50


def index(request):
    return render(request, "network/directory/index.html", directory.directory_index())


def network_detail(request, slug):
    network = get_object_or_404(Network, slug=slug)
    return render(request, "network/directory/network.html", directory.network_detail(network))


def organisation_list(request):
    organisations = Organisation.objects.order_by("name")
    kind = request.GET.get("type", "")
    if kind in OrganisationKind.values:
        organisations = organisations.filter(kind=kind)
    else:
        kind = ""
    page = Paginator(organisations, ORGANISATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "network/directory/organisations.html", {
        "page_obj": page, "kinds": OrganisationKind.choices, "kind": kind,
    })


def organisation_detail(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    return render(
        request, "network/directory/organisation.html",
        directory.organisation_detail(organisation, request.user),
    )


def territory_detail(request, slug):
    territory = get_object_or_404(
        Territory.objects.select_related("organisation", "network", "workspace"), slug=slug
    )
    context = directory.territory_detail(territory, request.user)
    workspace = getattr(territory, "workspace", None)
    context["workspace"] = (
        workspace if workspace and has_permission(request.user, Action.VIEW, workspace) else None
    )
    return render(request, "network/directory/territory.html", context)


def convention_detail(request, slug):
    convention = get_object_or_404(Convention.objects.select_related("network"), slug=slug)
    return render(
        request, "network/directory/convention.html", directory.convention_detail(convention)
    )


def committee_detail(request, slug):
    committee = get_object_or_404(
        Committee.objects.select_related("convention", "network", "workspace"), slug=slug
    )
    context = directory.committee_detail(committee, request.user)
    workspace = getattr(committee, "workspace", None)
    context["workspace"] = (
        workspace if workspace and has_permission(request.user, Action.VIEW, workspace) else None
    )
    return render(request, "network/directory/committee.html", context)
