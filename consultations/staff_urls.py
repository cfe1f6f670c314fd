"""Staff pages of consultations, under /<lang>/manage/ (see consultations/staff_views.py for who may do what)."""

from django.urls import path

from . import staff_views

app_name = "consultations-staff"
urlpatterns = [
    path("regions/<slug:region>/comments/", staff_views.queue, name="queue"),
    path("regions/<slug:region>/comments/bulk/", staff_views.bulk, name="bulk"),
    path("regions/<slug:region>/comments/<int:pk>/", staff_views.comment_detail, name="comment"),
    path("regions/<slug:region>/comments/<int:pk>/moderate/", staff_views.comment_moderate, name="comment-moderate"),
    path("regions/<slug:region>/comments/<int:pk>/answer/", staff_views.comment_answer, name="comment-answer"),
    path("regions/<slug:region>/consultations/", staff_views.window_list, name="windows"),
    path("regions/<slug:region>/consultations/new/<slug:plan>/", staff_views.window_create, name="window-create"),
    path("regions/<slug:region>/consultations/<int:window>/", staff_views.window_edit, name="window-edit"),
    path("regions/<slug:region>/consultations/<int:window>/extend/", staff_views.window_extend, name="window-extend"),
    path("regions/<slug:region>/consultations/<int:window>/close/", staff_views.window_close, name="window-close"),
    path(
        "regions/<slug:region>/consultations/<int:window>/workshops/new/",
        staff_views.workshop_edit,
        name="workshop-create",
    ),
    path(
        "regions/<slug:region>/consultations/<int:window>/workshops/<int:pk>/",
        staff_views.workshop_edit,
        name="workshop-edit",
    ),
    path(
        "regions/<slug:region>/consultations/<int:window>/input/",
        staff_views.workshop_comment,
        name="workshop-comment",
    ),
    path(
        "regions/<slug:region>/consultations/<int:window>/publish-answers/",
        staff_views.responses_publish,
        name="responses-publish",
    ),
    path(
        "regions/<slug:region>/consultations/<int:window>/feedback-staff.<str:file_format>",
        staff_views.feedback_export,
        name="feedback-export",
    ),
    path("regions/<slug:region>/personal-data/", staff_views.personal_data_view, name="personal-data"),
]
