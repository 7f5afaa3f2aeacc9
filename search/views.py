"""/recherche/ and its suggestions. The work is done in search.service."""

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from search import service


@require_GET
def search(request):
    context = service.search_page(request)
    return render(request, "search/search.html", context)


@require_GET
def suggestions(request):
    return JsonResponse(service.suggestions(request))
