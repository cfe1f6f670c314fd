from django.urls import path

from . import views
from .feedback_urls import urlpatterns as feedback_urlpatterns

app_name = "consultations"
# Included before plans.urls: "plans/<region>/<plan>/consultations/…" must not reach plans' <theme> patterns.
urlpatterns = [
    path("plans/<slug:region>/<slug:plan>/consultations/<int:window>/", views.window_detail, name="window"),
    path(
        "plans/<slug:region>/<slug:plan>/consultations/<int:window>/workshops.ics",
        views.workshops_ics,
        name="workshops-ics",
    ),
    path(
        "plans/<slug:region>/<slug:plan>/consultations/<int:window>/<slug:theme>/comment/",
        views.comment_create,
        name="comment-create",
    ),
    path("consultations/receipt/<str:token>/", views.receipt, name="receipt"),
    path("consultations/subscribe/<slug:region>/", views.subscribe, name="subscribe"),
    path("consultations/subscriptions/<str:token>/confirm/", views.subscription_confirm, name="subscription-confirm"),
    path("consultations/subscriptions/<str:token>/unsubscribe/", views.unsubscribe, name="unsubscribe"),
    path("consultations/contact/<str:token>/remove/", views.contact_remove, name="contact-remove"),
    *feedback_urlpatterns,
]
