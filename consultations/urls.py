from django.urls import path  # noqa: F401

from .feedback_urls import urlpatterns as feedback_urlpatterns

app_name = "consultations"
urlpatterns = [
    *feedback_urlpatterns,
]
