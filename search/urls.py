from django.urls import path

from search import views

urlpatterns = [
    path("recherche/", views.search, name="search"),
    path("recherche/suggestions/", views.suggestions, name="search_suggestions"),
]
