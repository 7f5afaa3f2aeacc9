"""Wagtail admin screens of the network's models.

Anchored models (territories, committees, meetings, actions, workspaces)
use `AnchoredPermissionPolicy` (registered in policies.py): their listings
show, and their edit and delete screens open, only the records the policy
opens to the user. Wagtail's generic views check the model-level
permission only, so the instance check is added here.
"""

import datetime
import io
from itertools import chain

from django.db.models import Model
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from network.admin_forms import (
    AdminUserCreationForm,
    AdminUserEditForm,
    AnchoredAdminForm,
    ProfileRolesForm,
)
from network.models import (
    ActionItem,
    Committee,
    Contact,
    Convention,
    Meeting,
    Network,
    Organisation,
    Profile,
    Territory,
    Workspace,
)
from network.permissions import ADMIN_ONLY
from portal.core.tabular import FRENCH, append_row, iter_csv

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class InstanceCheckMixin:
    """Refuse a record the permission policy does not open to the user: 404 if they may
    not see it, 403 if they see it but may not do the screen's action."""

    instance_action = "view"

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        self.permission_policy.require_for_instance(
            self.request.user, self.instance_action, obj
        )
        return obj


def export_value(value):
    """A listing cell as the portal's writer takes it: records by their name, times in
    the local zone, numbers and dates as such."""
    if isinstance(value, Model):
        return str(value)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) \
            else value
    return value


class TabularExportMixin:
    """Wagtail's listing exports (?export=csv, ?export=xlsx) written by the portal's one
    writer (portal.core.tabular): CSV in French conventions (semicolon, decimal comma,
    UTF-8 with a byte-order mark), and no text a spreadsheet would run as a formula. The
    rows are the listing's, filters and permissions included; a listing that names no
    column to export answers 404 rather than blank lines."""

    def as_spreadsheet(self, queryset, spreadsheet_format):
        if not self.list_export:
            raise Http404("Cette liste ne s'exporte pas.")
        headings = [self.get_heading(queryset, field) for field in self.list_export]
        rows = (
            [export_value(value) for value in self.to_row_dict(item).values()]
            for item in queryset
        )
        filename = self.get_filename()
        if spreadsheet_format == self.FORMAT_CSV:
            response = StreamingHttpResponse(
                iter_csv(chain([headings], rows), FRENCH), content_type="text/csv; charset=utf-8"
            )
        else:
            from openpyxl import Workbook

            workbook = Workbook(write_only=True)
            sheet = workbook.create_sheet(title="Export")
            for row in chain([headings], rows):
                append_row(sheet, row)
            buffer = io.BytesIO()
            workbook.save(buffer)
            response = HttpResponse(buffer.getvalue(), content_type=XLSX_MIME)
        response["Content-Disposition"] = f'attachment; filename="{filename}.{spreadsheet_format}"'
        return response


class AnchoredIndexView(TabularExportMixin, generic.IndexView):
    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        allowed = self.permission_policy.instances_user_has_any_permission_for(
            self.request.user, ["view", "change"]
        )
        return queryset.filter(pk__in=allowed.values("pk"))


class AnchoredEditView(InstanceCheckMixin, generic.EditView):
    instance_action = "change"


class AnchoredDeleteView(InstanceCheckMixin, generic.DeleteView):
    instance_action = "delete"


class AnchoredHistoryView(InstanceCheckMixin, history.HistoryView):
    pass


class AnchoredUsageView(InstanceCheckMixin, usage.UsageView):
    pass


class AnchoredInspectView(InstanceCheckMixin, generic.InspectView):
    pass


class AnchoredViewSet(ModelViewSet):
    index_view_class = AnchoredIndexView
    edit_view_class = AnchoredEditView
    delete_view_class = AnchoredDeleteView
    history_view_class = AnchoredHistoryView
    usage_view_class = AnchoredUsageView
    inspect_view_class = AnchoredInspectView
    # Copying would read a record through a view without the instance check.
    copy_view_enabled = False
    add_to_admin_menu = False


class NetworkViewSet(ModelViewSet):
    model = Network
    icon = "group"
    menu_label = "Réseaux"
    list_display = ["name", "acronym"]
    search_fields = ["name", "acronym"]
    search_backend_name = None
    add_to_admin_menu = False


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    icon = "site"
    menu_label = "Organisations"
    list_display = ["name", "acronym", "kind", "city"]
    list_filter = ["kind", "networks"]
    search_fields = ["name", "acronym", "city"]
    search_backend_name = None
    add_to_admin_menu = False


class ContactViewSet(ModelViewSet):
    model = Contact
    icon = "user"
    menu_label = "Contacts"
    list_display = ["name", "job_title", "organisation"]
    search_fields = ["name", "organisation__name"]
    search_backend_name = None
    form_fields = ["organisation", "name", "job_title", "email", "phone"]
    add_to_admin_menu = False


class ConventionViewSet(ModelViewSet):
    model = Convention
    icon = "doc-full"
    menu_label = "Conventions"
    list_display = ["title", "signed_on", "ends_on"]
    search_fields = ["title", "summary"]
    search_backend_name = None
    add_to_admin_menu = False


class TerritoryViewSet(AnchoredViewSet):
    model = Territory
    icon = "globe"
    menu_label = "Territoires"
    list_display = ["name", "departements_display", "organisation", "network"]
    list_filter = ["network"]
    search_fields = ["name"]
    search_backend_name = None
    panels = [
        FieldPanel("name"), FieldPanel("slug", permission=ADMIN_ONLY),
        FieldPanel("departements"), FieldPanel("communes"), FieldPanel("description"),
        FieldPanel("organisation", permission=ADMIN_ONLY),
        FieldPanel("network", permission=ADMIN_ONLY),
    ]


class CommitteeViewSet(AnchoredViewSet):
    model = Committee
    icon = "group"
    menu_label = "Comités"
    list_display = ["name", "kind", "convention"]
    list_filter = ["kind"]
    search_fields = ["name"]
    search_backend_name = None


class MeetingViewSet(AnchoredViewSet):
    model = Meeting
    icon = "date"
    menu_label = "Réunions"
    list_display = ["title", "committee", "starts_at", "is_public"]
    list_filter = ["committee"]
    search_fields = ["title", "agenda"]
    search_backend_name = None
    edit_handler = ObjectList(Meeting.panels, base_form_class=AnchoredAdminForm)


class ActionItemViewSet(AnchoredViewSet):
    model = ActionItem
    icon = "tasks"
    menu_label = "Actions"
    list_display = ["description", "owner", "due_on", "status"]
    list_filter = ["status"]
    search_fields = ["description"]
    search_backend_name = None
    edit_handler = ObjectList([
        FieldPanel("description"), FieldPanel("meeting"), FieldPanel("workspace"),
        FieldPanel("owner"), FieldPanel("owner_name"), FieldPanel("due_on"), FieldPanel("status"),
    ], base_form_class=AnchoredAdminForm)


class WorkspaceViewSet(AnchoredViewSet):
    model = Workspace
    icon = "folder-open-inverse"
    menu_label = "Espaces de travail"
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    search_backend_name = None
    panels = [
        FieldPanel("name"), FieldPanel("slug", permission=ADMIN_ONLY),
        FieldPanel("kind", permission=ADMIN_ONLY), FieldPanel("description"),
        FieldPanel("territory", permission=ADMIN_ONLY),
        FieldPanel("committee", permission=ADMIN_ONLY),
    ]


class ProfileViewSet(ModelViewSet):
    model = Profile
    icon = "user"
    menu_label = "Comptes et rôles"
    list_display = ["user", "organisation", "job_title"]
    list_filter = ["organisation"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email"]
    search_backend_name = None
    copy_view_enabled = False
    add_to_admin_menu = False
    edit_handler = ObjectList([
        FieldPanel("user"), FieldPanel("organisation"), FieldPanel("job_title"),
        FieldPanel("phone"),
        MultiFieldPanel([
            FieldPanel("territories"), FieldPanel("networks"), FieldPanel("buyers"),
            FieldPanel("companies"), FieldPanel("committees"), FieldPanel("is_editor"),
        ], heading="Rôles"),
    ], base_form_class=ProfileRolesForm)


class NetworkViewSetGroup(ViewSetGroup):
    menu_label = "Réseau"
    menu_icon = "group"
    menu_order = 250
    items = (
        NetworkViewSet("reseaux"),
        OrganisationViewSet("organisations"),
        ContactViewSet("contacts"),
        TerritoryViewSet("territoires"),
        ConventionViewSet("conventions"),
        CommitteeViewSet("comites"),
        MeetingViewSet("reunions"),
        ActionItemViewSet("actions"),
        WorkspaceViewSet("espaces"),
        ProfileViewSet("comptes"),
    )



class UserViewSet(WagtailUserViewSet):
    """Wagtail's accounts screens (Paramètres > Utilisateurs) with our forms
    (network/users_app.py puts it in place of Wagtail's)."""

    def get_form_class(self, for_update=False):
        return AdminUserEditForm if for_update else AdminUserCreationForm
