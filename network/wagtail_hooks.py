from django.http import Http404
from wagtail import hooks
from wagtail.documents import get_document_model

from network.permissions import visible_documents
from network.viewsets import NetworkViewSetGroup


@hooks.register("register_admin_viewset")
def register_network_viewsets():
    return NetworkViewSetGroup()


@hooks.register("before_serve_document", order=-10)
def private_document_answers_as_absent(document, request):
    """A signed-in person outside a private collection's groups gets the answer of an
    absent document (404), not Wagtail's redirect to the login page, which would tell
    that the document exists. Visitors are still sent to sign in."""
    user = request.user
    if not user.is_authenticated:
        return None
    documents = get_document_model().objects.filter(pk=document.pk)
    if not visible_documents(user, documents).exists():
        raise Http404
    return None
