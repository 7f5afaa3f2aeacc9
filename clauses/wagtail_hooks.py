from wagtail import hooks

from clauses.viewsets import ClausesViewSetGroup


@hooks.register("register_admin_viewset")
def register_clauses_viewsets():
    return ClausesViewSetGroup()
