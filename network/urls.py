# Paths are written in full (this module is included at the root) so that one
# app can own a prefix such as espace/marches/ inside the members' area.
from django.contrib.auth import views as auth_views
from django.urls import path

from network.enums import WorkspaceKind
from network.views import accounts, directory, notifications, tokens, workspaces

WORKSPACE_PREFIXES = {
    "territoires": WorkspaceKind.TERRITORY,
    "comites": WorkspaceKind.COMMITTEE,
}


def _workspace_paths(prefix: str, kind: WorkspaceKind) -> list:
    base = f"espace/{prefix}/<slug:slug>/"
    extra = {"kind": kind}
    name = f"workspace_{prefix}"
    return [
        path(base, workspaces.detail, extra, name=name),
        path(f"{base}membres/", workspaces.members, extra, name=f"{name}_members"),
        path(f"{base}membres/<int:user_id>/retirer/", workspaces.remove_member, extra,
             name=f"{name}_remove_member"),
        path(f"{base}documents/", workspaces.upload, extra, name=f"{name}_upload"),
        path(f"{base}documents/<int:document_id>/", workspaces.download, extra,
             name=f"{name}_document"),
        path(f"{base}documents/<int:document_id>/supprimer/", workspaces.delete_document, extra,
             name=f"{name}_delete_document"),
        path(f"{base}messages/", workspaces.add_post, extra, name=f"{name}_post"),
        path(f"{base}messages/<int:post_id>/supprimer/", workspaces.delete_post, extra,
             name=f"{name}_delete_post"),
        path(f"{base}actions/", workspaces.add_action_item, extra, name=f"{name}_action"),
        path(f"{base}actions/<int:item_id>/", workspaces.set_action_status, extra,
             name=f"{name}_action_status"),
    ]


urlpatterns = [
    # Public directory
    path("reseau/", directory.index, name="network_index"),
    path("reseau/reseaux/<slug:slug>/", directory.network_detail, name="network_detail"),
    path("reseau/organisations/", directory.organisation_list, name="organisation_list"),
    path("reseau/organisations/<slug:slug>/", directory.organisation_detail,
         name="organisation_detail"),
    path("reseau/territoires/<slug:slug>/", directory.territory_detail, name="territory_detail"),
    path("reseau/conventions/<slug:slug>/", directory.convention_detail,
         name="convention_detail"),
    path("reseau/comites/<slug:slug>/", directory.committee_detail, name="committee_detail"),
    # Accounts
    path("compte/", accounts.profile, name="account_profile"),
    path("compte/connexion/", accounts.LoginView.as_view(), name="login"),
    path("compte/deconnexion/", accounts.LogoutView.as_view(), name="logout"),
    path("compte/mot-de-passe/", accounts.PasswordChangeView.as_view(),
         name="password_change"),
    path("compte/mot-de-passe/modifie/", auth_views.PasswordChangeDoneView.as_view(),
         name="password_change_done"),
    path("compte/mot-de-passe/oublie/", accounts.PasswordResetView.as_view(),
         name="password_reset"),
    path("compte/mot-de-passe/oublie/envoye/", auth_views.PasswordResetDoneView.as_view(),
         name="password_reset_done"),
    path("compte/reinitialisation/<uidb64>/<token>/", accounts.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("compte/reinitialisation/terminee/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
    path("compte/jetons/", tokens.token_list, name="account_tokens"),
    path("compte/jetons/<int:token_id>/revoquer/", tokens.token_revoke,
         name="account_token_revoke"),
    path("compte/notifications/", notifications.preferences, name="notification_preferences"),
    # Members' area
    path("espace/", workspaces.dashboard, name="members_dashboard"),
    path("espace/espaces/", workspaces.workspace_list, name="workspace_list"),
    path("espace/notifications/", notifications.notification_list, name="notifications"),
    path("espace/notifications/lues/", notifications.notification_read_all,
         name="notifications_read_all"),
    path("espace/notifications/<int:pk>/", notifications.notification_open,
         name="notification_open"),
    path("espace/notifications/<int:pk>/lue/", notifications.notification_read,
         name="notification_read"),
]
for _prefix, _kind in WORKSPACE_PREFIXES.items():
    urlpatterns += _workspace_paths(_prefix, _kind)
