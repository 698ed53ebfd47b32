"""Import pages; their patterns join the ``registry`` namespace (see registry/urls.py)."""

urlpatterns: list = []
