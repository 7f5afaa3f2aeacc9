"""Wagtail's users app, with the accounts screens of network/viewsets.py.

Wagtail takes the accounts screens from its users app's configuration; this one is
listed in INSTALLED_APPS in place of "wagtail.users".
"""

from wagtail.users.apps import WagtailUsersAppConfig


class UsersConfig(WagtailUsersAppConfig):
    user_viewset = "network.viewsets.UserViewSet"
