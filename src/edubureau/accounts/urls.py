from django.urls import path

from edubureau.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/roles/", views.user_role_assign, name="user_role_assign"),
    path("users/<int:pk>/roles/<int:assignment_pk>/revoke/", views.user_role_revoke, name="user_role_revoke"),
    path("users/<int:pk>/unlock/", views.user_unlock, name="user_unlock"),
    path("users/<int:pk>/active/", views.user_set_active, name="user_set_active"),
]
