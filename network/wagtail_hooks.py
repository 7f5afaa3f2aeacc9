from wagtail import hooks

from network.viewsets import NetworkViewSetGroup


@hooks.register("register_admin_viewset")
def register_network_viewsets():
    return NetworkViewSetGroup()
