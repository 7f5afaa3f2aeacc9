# Paths are written in full (this module is included at the root) so that one
# app can own a prefix such as espace/marches/ inside the members' area.
urlpatterns: list = []
