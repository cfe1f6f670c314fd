from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("plans/<slug:region>/", views.region_detail, name="region"),
    path("plans/<slug:region>/<slug:plan>/", views.plan_detail, name="detail"),
]
