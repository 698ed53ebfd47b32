from django.urls import path

from edubureau.home import views

app_name = "home"
urlpatterns = [
    path("", views.home, name="home"),
    path("messages/", views.NotificationListView.as_view(), name="notifications"),
]
