"""In headless Chromium, issue 16's whole story: during an open consultation an editor prepares a change set while
the public page stays as it is, a second editor edits other fields of the same activity in it and both edits
survive, a reviewer publishes it, the public changelog shows the diff, and a moderator's "taken into account"
answer links to it. Every new page has no axe-core violations."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from core.models import RegionRole
from plans.models import Activity, ChangeSet
from tests.browser.test_staff_editing import axe_violations, log_in
from tests.factories import CommentFactory, ConsultationWindowFactory, UserFactory
from tests.staff.conftest import staff_world  # noqa: F401 - the fixture, for this folder too


@pytest.fixture
def world(transactional_db, staff_world):  # noqa: F811
    plan = staff_world.public_plan
    second = UserFactory(username="ben@vorumaa.example", first_name="Ben", last_name="Tamm")
    RegionRole.objects.create(user=second, region=staff_world.region, role=RegionRole.Role.EDITOR)
    section = plan.sections.get()
    window = ConsultationWindowFactory(plan=plan, sections=[section])
    staff_world.public_comment = CommentFactory(window=window, section=section, published=True)
    staff_world.public_activity = Activity.objects.get(section__plan=plan)
    return staff_world


def _staff(name, world, **kwargs):
    plan = kwargs.pop("plan", world.public_plan)
    return reverse(f"plans-staff:{name}", kwargs={"region": world.region.slug, "plan": plan.slug, **kwargs})


def _copy_of(change_set, obj):
    row = change_set.rows.get(content_type=ContentType.objects.get_for_model(type(obj)), origin_id=obj.pk)
    return type(obj).objects.get(pk=row.copy_id)


def test_a_change_set_is_prepared_reviewed_published_and_named_by_an_answer(live_server, browser, world):
    found = {}
    anna_context, ben_context, visitor_context = browser.new_context(), browser.new_context(), browser.new_context()
    anna, ben, visitor = anna_context.new_page(), ben_context.new_page(), visitor_context.new_page()
    public_url = live_server.url + world.public_activity.get_absolute_url()
    old_title = world.public_activity.title

    # The editor follows the links from the workspace to the plan's change sets and starts one.
    log_in(anna, live_server, world.users["editor"].username)
    anna.goto(live_server.url + reverse("plans-staff:region", kwargs={"region": world.region.slug}))
    anna.get_by_role("link", name=world.public_plan.title, exact=True).click()
    anna.wait_for_load_state()
    found["change sets"] = axe_violations(anna)
    anna.locator("input[name=title]").fill("Muudatused pärast suvist arutelu")
    anna.locator("textarea[name=description]").fill("Arutelul tehtud ettepanekud.")
    anna.get_by_role("button", name=re.compile("Alusta|Start")).click()
    anna.wait_for_load_state()
    change_set = ChangeSet.objects.get(plan=world.public_plan)
    assert "muudatuste paketis" in anna.locator("body").inner_text() or change_set.title in anna.content()

    # Two editors change different fields of one activity in the change set: both edits survive.
    activity = _copy_of(change_set, world.public_activity)
    edit_url = live_server.url + _staff("activity-edit", world, plan=change_set.working_copy, activity=activity.pk)
    log_in(ben, live_server, "ben@vorumaa.example")
    anna.goto(edit_url)
    ben.goto(edit_url)
    anna.locator("input[name=title]").fill("Tugiisikute võrgustik kõigis valdades")
    ben.locator("input[name=funding_source]").fill("Sotsiaalkindlustusamet")
    ben.locator("#activity-form button[type=submit]").click()
    ben.wait_for_load_state()
    anna.locator("#activity-form button[type=submit]").click()
    anna.wait_for_load_state()
    activity.refresh_from_db()
    assert (activity.title, activity.funding_source) == (
        "Tugiisikute võrgustik kõigis valdades",
        "Sotsiaalkindlustusamet",
    )

    # The public page has not changed.
    visitor.goto(public_url)
    assert visitor.locator("h1").inner_text().strip() == old_title

    # Sent for review; the reviewer finds it on the dashboard and publishes it after confirming.
    anna.goto(live_server.url + _staff("change-set", world, pk=change_set.pk))
    found["change set"] = axe_violations(anna)
    anna.get_by_role("button", name=re.compile("Saada ülevaatusele|Send for review")).click()
    anna.wait_for_load_state()
    reviewer_context = browser.new_context()
    reviewer = reviewer_context.new_page()
    log_in(reviewer, live_server, world.users["reviewer"].username)
    reviewer.goto(live_server.url + reverse("staff:dashboard"))
    reviewer.get_by_role("link", name=change_set.title).click()
    reviewer.wait_for_load_state()
    assert "Tugiisikute võrgustik kõigis valdades" in reviewer.locator("#changes-section").inner_text()
    reviewer.locator("a[href*='/publish/']").click()
    reviewer.wait_for_load_state()
    found["publish confirmation"] = axe_violations(reviewer)
    reviewer.locator("button[name=confirm]").click()
    reviewer.wait_for_load_state()
    change_set.refresh_from_db()
    assert change_set.state == ChangeSet.State.PUBLISHED

    # The public page shows it, and the changelog the diff.
    visitor.goto(public_url)
    assert visitor.locator("h1").inner_text().strip() == "Tugiisikute võrgustik kõigis valdades"
    visitor.goto(live_server.url + change_set.get_absolute_url())
    changelog = visitor.locator("main").inner_text()
    assert old_title in changelog and "Tugiisikute võrgustik kõigis valdades" in changelog
    assert "Sotsiaalkindlustusamet" in changelog
    found["public changelog"] = axe_violations(visitor)

    # A moderator answers a comment: taken into account in that change set, changing that activity.
    moderator_context = browser.new_context()
    moderator = moderator_context.new_page()
    log_in(moderator, live_server, world.users["moderator"].username)
    moderator.goto(
        live_server.url
        + reverse(
            "consultations-staff:comment-answer", kwargs={"region": world.region.slug, "pk": world.public_comment.pk}
        )
    )
    moderator.locator("input[name=decision][value=taken]").check()
    moderator.locator("textarea[name=reason]").fill("Lisasime tugiisikute võrgustiku kõigisse valdadesse.")
    moderator.locator("select[name=change_set]").select_option(str(change_set.pk))
    moderator.locator("select[name=changed_activity]").select_option(str(world.public_activity.pk))
    moderator.locator("button[name=publish]").click()
    moderator.wait_for_load_state()
    visitor.goto(public_url)
    link = visitor.locator(f"a[href$='#change-activity-{world.public_activity.pk}']")
    assert link.count() >= 1
    link.first.click()
    visitor.wait_for_load_state()
    assert visitor.url.endswith(f"#change-activity-{world.public_activity.pk}")
    assert visitor.locator(f"#change-activity-{world.public_activity.pk}").is_visible()

    for context in (anna_context, ben_context, visitor_context, reviewer_context, moderator_context):
        context.close()
    assert {name: violations for name, violations in found.items() if violations} == {}
