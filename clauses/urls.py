app_name = "clauses"

urlpatterns: list = []
