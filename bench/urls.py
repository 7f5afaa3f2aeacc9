"""The portal's URLs plus /bench/nu/: a view that does nothing, through the same middleware,
to compare the members' pages with the cost of the framework alone."""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/nu/", bare),
    path("", include("portal.urls")),
]
