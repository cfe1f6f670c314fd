"""The Django admin: every model has one, its pages open, and its changelists cost the same at any size."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from simple_history.admin import SimpleHistoryAdmin

from consultations.models import Comment, CommenterContact
from plans.models import (
    CooperationPlan,
)
from tests import factories

PORTAL_APPS = {
    "core",
    "documents",
    "themes",
    "plans",
    "consultations",
    "projects",
    "monitoring",
    "pages",
    "welfare_portal",
}

FACTORIES = factories.FACTORY_FOR_MODEL


def _label(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


REGISTERED = sorted((m for m in admin.site._registry if m._meta.app_label in PORTAL_APPS), key=_label)
WITH_HISTORY = [m for m in REGISTERED if isinstance(admin.site._registry[m], SimpleHistoryAdmin)]


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _portal_models():
    """The portal's own models, without the tables django-simple-history adds."""
    return {
        m for m in apps.get_models() if m._meta.app_label in PORTAL_APPS and not m.__name__.startswith("Historical")
    }


# --- Coverage -------------------------------------------------------------------------------------------------


def test_every_portal_model_is_registered_in_the_admin():
    assert _portal_models() == set(REGISTERED)


def test_every_registered_model_has_a_factory_here():
    assert set(REGISTERED) == set(FACTORIES)


def test_every_model_with_history_uses_the_history_admin():
    with_history = {m for m in _portal_models() if hasattr(m, "history")}
    assert with_history == set(WITH_HISTORY)


# --- Pages open -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("model", REGISTERED, ids=_label)
def test_superuser_sees_the_changelist_with_a_row(superuser_client, model):
    obj = FACTORIES[model]()

    response = superuser_client.get(_url(model, "changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count == model.objects.count()
    assert obj in response.context["cl"].result_list


@pytest.mark.django_db
@pytest.mark.parametrize("model", REGISTERED, ids=_label)
def test_superuser_can_search_the_changelist(superuser_client, model):
    FACTORIES[model]()

    response = superuser_client.get(_url(model, "changelist"), {"q": "Võru 2021"})

    assert response.status_code == 200
    assert admin.site._registry[model].search_fields, "every changelist offers a search box"


# Logs are written by the portal itself, never typed in.
ADDED_BY_THE_PORTAL_ONLY = {
    "core.auditevent",
    "consultations.outgoingmail",
    "consultations.windowannouncement",
    "monitoring.clockreminder",
    "plans.changeset",
    "plans.changesetnote",
    "plans.changesetrow",
}


@pytest.mark.django_db
@pytest.mark.parametrize("model", REGISTERED, ids=_label)
def test_superuser_opens_the_add_page(superuser_client, model):
    response = superuser_client.get(_url(model, "add"))

    assert response.status_code == (403 if _label(model) in ADDED_BY_THE_PORTAL_ONLY else 200)


@pytest.mark.django_db
@pytest.mark.parametrize("model", REGISTERED, ids=_label)
def test_superuser_opens_the_change_page(superuser_client, model):
    obj = FACTORIES[model]()

    response = superuser_client.get(_url(model, "change", obj.pk))

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("model", WITH_HISTORY, ids=_label)
def test_superuser_opens_the_history_of_an_object_and_one_of_its_versions(superuser_client, model):
    obj = FACTORIES[model]()
    record = obj.history.latest()

    listing = superuser_client.get(_url(model, "history", obj.pk))
    version = superuser_client.get(_url(model, "simple_history", obj.pk, record.history_id))

    assert listing.status_code == 200
    assert version.status_code == 200


@pytest.mark.django_db
def test_admin_pages_carry_the_portal_header(superuser_client):
    with translation.override("et"):
        header = str(admin.site.site_header)

    response = superuser_client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert header in response.content.decode()


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_the_admin_login(anonymous_client):
    response = anonymous_client.get(_url(CooperationPlan, "changelist"))

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


@pytest.mark.django_db
def test_comment_search_finds_a_comment_by_its_reference(superuser_client):
    wanted, other = factories.CommentFactory.create_batch(2)

    response = superuser_client.get(_url(Comment, "changelist"), {"q": wanted.reference})

    assert list(response.context["cl"].result_list) == [wanted]
    assert other.reference not in response.content.decode()


# --- Commenters' e-mail ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_commenter_email_is_not_shown_in_the_contact_changelist(superuser_client):
    contact = factories.CommenterContactFactory(email="mari@example.org")

    response = superuser_client.get(_url(CommenterContact, "changelist"))

    assert contact.comment.reference in response.content.decode()
    assert "mari@example.org" not in response.content.decode()


@pytest.mark.django_db
def test_superuser_finds_and_edits_a_commenter_email(superuser_client):
    contact = factories.CommenterContactFactory(email="mari@example.org")

    found = superuser_client.get(_url(CommenterContact, "changelist"), {"q": "mari@example.org"})
    detail = superuser_client.get(_url(CommenterContact, "change", contact.pk))

    assert list(found.context["cl"].result_list) == [contact]
    assert "email" in detail.context["adminform"].form.fields
    assert "mari@example.org" in detail.content.decode()


@pytest.mark.django_db
def test_staff_without_superuser_rights_never_see_a_commenter_email(client):
    staff = factories.UserFactory(staff=True)
    staff.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="consultations",
            codename__in=["view_comment", "change_comment", "view_commentercontact", "change_commentercontact"],
        )
    )
    contact = factories.CommenterContactFactory(email="mari@example.org")
    client.force_login(staff)

    detail = client.get(_url(CommenterContact, "change", contact.pk))
    comment = client.get(_url(Comment, "change", contact.comment.pk))
    search = client.get(_url(CommenterContact, "changelist"), {"q": "mari@example.org"})

    assert detail.status_code == comment.status_code == search.status_code == 200
    assert "email" not in detail.context["adminform"].form.fields
    assert "mari@example.org" not in detail.content.decode()
    assert "mari@example.org" not in comment.content.decode()
    assert list(search.context["cl"].result_list) == []


# --- Query counts ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("model", REGISTERED, ids=_label)
def test_changelist_queries_do_not_grow_with_rows(superuser_client, model):
    # A changelist costs a fixed set of queries (session, user, counts, filter choices, date bounds, rows);
    # a column that follows a foreign key without list_select_related would add one query per row.
    url = _url(model, "changelist")
    FACTORIES[model].create_batch(2)
    superuser_client.get(url)  # warms per-process caches such as content types

    with CaptureQueriesContext(connection) as two_rows:
        superuser_client.get(url)
    FACTORIES[model].create_batch(10)
    with CaptureQueriesContext(connection) as twelve_rows:
        response = superuser_client.get(url)

    assert response.context["cl"].result_count == model.objects.count() >= 12
    assert len(twelve_rows) == len(two_rows), "\n".join(q["sql"] for q in twelve_rows.captured_queries)
