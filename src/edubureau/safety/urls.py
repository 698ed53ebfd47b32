"""Safety pages; the project includes them at ``safety/``. Every route names at most one ``pk``."""

from django.urls import path

from edubureau.safety import views

app_name = "safety"
urlpatterns = [
    path("", views.HazardListView.as_view(), name="hazard_list"),
    path("hazards/ledger/", views.HazardListView.as_view(export=True), name="hazard_export"),
    path("hazards/new/", views.HazardCreateView.as_view(), name="hazard_create"),
    path("hazards/<int:pk>/", views.HazardDetailView.as_view(), name="hazard_detail"),
    path("hazards/<int:pk>/action/", views.HazardActionView.as_view(), name="hazard_action"),
    path("hazard-files/<int:pk>/", views.HazardFileView.as_view(), name="hazard_file"),
    path("bullying/", views.BullyingListView.as_view(), name="bullying_list"),
    path("bullying/new/", views.BullyingCreateView.as_view(), name="bullying_create"),
    path("bullying/<int:pk>/", views.BullyingDetailView.as_view(), name="bullying_detail"),
    path("bullying/<int:pk>/action/", views.BullyingActionView.as_view(), name="bullying_action"),
    path("bullying/<int:pk>/handlers/", views.BullyingHandlerView.as_view(), name="bullying_handler_add"),
    path("centres/", views.CentreListView.as_view(), name="centre_list"),
    path("centres/public.xlsx", views.CentreListView.as_view(public=True), name="centre_public"),
    path("centres/new/", views.CentreCreateView.as_view(), name="centre_create"),
    path("centres/<int:pk>/", views.CentreDetailView.as_view(), name="centre_detail"),
    path("centres/<int:pk>/inspect/", views.CentreInspectView.as_view(), name="centre_inspect"),
    path("centres/<int:pk>/complaint/", views.CentreComplaintView.as_view(), name="centre_complaint"),
    path("inspections/<int:pk>/close/", views.InspectionCloseView.as_view(), name="inspection_close"),
    path("complaints/<int:pk>/handle/", views.ComplaintHandleView.as_view(), name="complaint_handle"),
    path("grading/", views.SchemeListView.as_view(), name="scheme_list"),
    path("grading/<int:pk>/", views.SchemeDetailView.as_view(), name="scheme_detail"),
    path("grading/<int:pk>/score/", views.SchemeScoreView.as_view(), name="scheme_score"),
]
