"""The audit log page: my regions' events (a superuser sees all), filters, pages, a fixed query count."""

import pytest

from core.models import AuditEvent
from tests.factories import AuditEventFactory

AUDIT = "/et/manage/audit/"


def test_editor_sees_events_of_own_region_only(client, editor, staff_world):
    mine = AuditEventFactory(region=staff_world.region, object_label="Võru kava", data={}, detail="mustand → arutelu")
    AuditEventFactory(region=staff_world.other_region, object_label="Tartu kava")
    client.force_login(editor)

    response = client.get(AUDIT)

    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [mine]
    html = response.content.decode()
    assert "Võru kava" in html
    assert "mustand → arutelu" in html
    assert "Tartu kava" not in html


def test_superuser_sees_every_event_including_those_of_no_region(client, staff_world):
    AuditEventFactory(region=staff_world.region)
    AuditEventFactory(region=staff_world.other_region)
    AuditEventFactory(region=None)
    client.force_login(staff_world.users["superuser"])

    response = client.get(AUDIT)

    assert response.context["page"].paginator.count == 3


def test_filters_by_action_and_region(client, staff_world):
    restore = AuditEventFactory(region=staff_world.region, action=AuditEvent.Action.RESTORE)
    AuditEventFactory(region=staff_world.region, action=AuditEvent.Action.PUBLISH)
    AuditEventFactory(region=staff_world.other_region, action=AuditEvent.Action.RESTORE)
    client.force_login(staff_world.users["superuser"])

    response = client.get(AUDIT, {"action": "restore", "region": "vorumaa"})

    assert list(response.context["page"].object_list) == [restore]


def test_an_unknown_filter_value_is_an_error_on_the_form_not_a_500(client, editor, staff_world):
    AuditEventFactory(region=staff_world.region)
    client.force_login(editor)

    response = client.get(AUDIT, {"action": "nonsense", "region": "tartumaa", "page": "x"})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert response.context["page"].paginator.count == 1


def test_long_logs_are_paginated(client, editor, staff_world):
    AuditEventFactory.create_batch(55, region=staff_world.region)
    client.force_login(editor)

    first = client.get(AUDIT)
    second = client.get(AUDIT, {"page": 2})

    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 5
    assert b"page=2" in first.content


@pytest.mark.parametrize("events", [1, 30])
def test_audit_log_query_count_does_not_grow_with_events(
    client, editor, staff_world, django_assert_num_queries, events
):
    AuditEventFactory.create_batch(events, region=staff_world.region)
    client.force_login(editor)
    # session, user, staff check, my regions, the count for the paginator, the page of events with regions
    with django_assert_num_queries(6):
        client.get(AUDIT)
