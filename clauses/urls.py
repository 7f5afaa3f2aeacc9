# Paths are written in full (this module is included at the root) so that one
# app can own a prefix such as espace/marches/ inside the members' area.
from django.urls import path

from clauses.views.calculator import calculator_page

app_name = "clauses"

urlpatterns: list = [
    path("outils/calculateur-heures/", calculator_page, name="calculator"),
]
