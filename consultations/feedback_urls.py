"""Public feedback tables and exports of consultation windows (included by consultations/urls.py)."""

from django.urls import path  # noqa: F401

urlpatterns = []
