from django.urls import path

from edubureau.registry import views
from edubureau.registry.imports import urls as import_urls

app_name = "registry"
urlpatterns: list = [
    path("schools/", views.SchoolListView.as_view(), name="school_list"),
    path("schools/export/", views.SchoolListView.as_view(export=True), name="school_export"),
    path("schools/new/", views.SchoolEditView.as_view(), name="school_create"),
    path("schools/<int:pk>/", views.SchoolDetailView.as_view(), name="school_detail"),
    path("schools/<int:pk>/edit/", views.SchoolEditView.as_view(), name="school_update"),
    path("classes/", views.ClassListView.as_view(), name="class_list"),
    path("classes/export/", views.ClassListView.as_view(export=True), name="class_export"),
    path("classes/<int:pk>/", views.ClassDetailView.as_view(), name="class_detail"),
    path("teachers/", views.TeacherListView.as_view(), name="teacher_list"),
    path("teachers/export/", views.TeacherListView.as_view(export=True), name="teacher_export"),
    path("teachers/<int:pk>/", views.TeacherDetailView.as_view(), name="teacher_detail"),
    path("students/", views.StudentListView.as_view(), name="student_list"),
    path("students/export/", views.StudentListView.as_view(export=True), name="student_export"),
    path("students/<int:pk>/", views.StudentDetailView.as_view(), name="student_detail"),
    path("students/<int:pk>/reveal-id/", views.student_reveal_id, name="student_reveal_id"),
    path("areas/", views.AreaListView.as_view(), name="area_list"),
    path("areas/export/", views.AreaListView.as_view(export=True), name="area_export"),
    path("departments/", views.DepartmentListView.as_view(), name="department_list"),
    path("departments/export/", views.DepartmentListView.as_view(export=True), name="department_export"),
    *import_urls.urlpatterns,
]
