from django.urls import path

from edubureau.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("library/", views.definition_list, name="definition_list"),
    path("library/<slug:code>/", views.definition_detail, name="definition_detail"),
    path("class-size/", views.class_size, name="class_size"),
    path("balance/", views.balance, name="balance"),
    path("data-quality/", views.quality, name="quality"),
    path("recompute/", views.recompute, name="recompute"),
]
