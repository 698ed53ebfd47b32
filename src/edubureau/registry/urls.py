from edubureau.registry.imports import urls as import_urls

app_name = "registry"
urlpatterns: list = [
    *import_urls.urlpatterns,
]
