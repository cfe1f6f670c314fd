"""The public changelog of a plan: its published change sets, and what each of them changed."""

import re
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from consultations.models import Comment
from plans import changesets
from plans.changelog import word_diff
from plans.models import Activity, ChangeSet, CooperationPlan, IndicatorValue, Milestone
from tests.factories import (
    ActivityFactory,
    CommentFactory,
    ConsultationWindowFactory,
    CooperationPlanFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    MilestoneFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ResponseFactory,
    ThemeSectionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TALLINN = ZoneInfo("Europe/Tallinn")
OLD_TEXT = "Eakad saavad nõustamist kord kuus vallamajas."
NEW_TEXT = "Eakad saavad nõustamist kord nädalas vallamajas ja kodus."


def _start(plan, title="Muudatused pärast suvist arutelu", description="Arutelu ettepanekute järgi."):
    return changesets.change_set_start(plan=plan, title=title, description=description, actor=UserFactory())


def _publish(change_set, *, reviewer=None, now=None):
    change_set = changesets.change_set_submit(change_set=change_set, actor=UserFactory())
    seen = changesets.fingerprint(changesets.changes(change_set))
    now = now or datetime(2027, 2, 3, 12, 0, tzinfo=TALLINN)
    published = changesets.change_set_publish(
        change_set=change_set, actor=reviewer or UserFactory(), seen=seen, now=now
    )
    changesets.working_copies_delete()  # what the task does once publishing commits
    return published


def _copy_activity(change_set, **lookup):
    return Activity.objects.get(section__plan=change_set.working_copy, **lookup)


@pytest.fixture
def plan():
    plan = CooperationPlanFactory(status=CooperationPlan.Status.ADOPTED, title="Võrumaa heaolukava")
    section = ThemeSectionFactory(plan=plan, title="Tervena vananemine")
    activity = ActivityFactory(section=section, title="Eakate nõustamine", description=OLD_TEXT)
    activity.partner_organisations.set([OrganisationFactory(region=plan.region, name="MTÜ Vana Partner")])
    activity.municipalities.set([MunicipalityFactory(region=plan.region, name="Antsla vald")])
    indicator = IndicatorFactory(activity=activity, name="Nõustatud eakad", unit="inimest")
    IndicatorValueFactory(indicator=indicator, year=2024, value=Decimal("30"))
    MilestoneFactory(plan=plan, title="Suvine ümarlaud")
    return plan


def _edit(change_set, plan):
    """Changes of every kind: a long text, a number, both lists, an indicator value, a new value, a removal."""
    copy = _copy_activity(change_set, title="Eakate nõustamine")
    copy.description = NEW_TEXT
    copy.person_years = Decimal("1.25")
    copy.save()
    copy.partner_organisations.set([OrganisationFactory(region=plan.region, name="Võru Sotsiaalkeskus")])
    copy.municipalities.add(MunicipalityFactory(region=plan.region, name="Rõuge vald"))
    indicator = copy.indicators.get()
    value = indicator.values.get(year=2024)
    value.value = Decimal("42")
    value.save()
    IndicatorValue.objects.create(indicator=indicator, year=2025, value=Decimal("50"))
    Milestone.objects.get(plan=change_set.working_copy).delete()


@pytest.fixture
def published(plan):
    change_set = _start(plan)
    _edit(change_set, plan)
    return _publish(change_set, reviewer=UserFactory(username="ulle.ulevaataja", first_name="Ülle"))


def _list_url(plan):
    return reverse("plans:change-sets", kwargs={"region": plan.region.slug, "plan": plan.slug})


def _html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# --- The word difference ----------------------------------------------------------------------------------------


def test_word_diff_marks_only_the_words_that_changed():
    segments = [(s.kind, s.text) for s in word_diff("kord kuus vallamajas", "kord nädalas vallamajas ja kodus")]
    assert segments == [
        ("same", "kord "),
        ("removed", "kuus"),
        ("added", "nädalas"),
        ("same", " vallamajas"),
        ("added", " ja kodus"),
    ]


def test_word_diff_keeps_line_breaks():
    segments = word_diff("Esimene lõik.\n\nTeine lõik.", "Esimene lõik.\n\nKolmas lõik.")
    assert "".join(s.text for s in segments if s.kind != "added") == "Esimene lõik.\n\nTeine lõik."
    assert "".join(s.text for s in segments if s.kind != "removed") == "Esimene lõik.\n\nKolmas lõik."


# --- The list of change sets ---------------------------------------------------------------------------------------


def test_list_shows_published_change_sets_newest_first_with_date_and_count(client, plan, published):
    later = _start(plan, title="Teine muudatus", description="")
    copy = _copy_activity(later, title="Eakate nõustamine")
    copy.title = "Eakate nõustamine ja tugi"
    copy.save()
    _publish(later, now=datetime(2027, 2, 20, 9, 0, tzinfo=TALLINN))

    html = _html(client, _list_url(plan))
    assert html.index("Teine muudatus") < html.index("Muudatused pärast suvist arutelu")
    assert "Arutelu ettepanekute järgi." in html
    assert "3. veebruar 2027" in html and "20. veebruar 2027" in html
    assert '<time datetime="2027-02-03">' in html  # a valid date, in the region's time zone
    assert published.get_absolute_url() in html
    # The activity, the indicator's two values and the milestone.
    count = len(published.published_changes)
    assert ngettext("%(counter)s item changed", "%(counter)s items changed", count) % {"counter": count} in html


def test_list_leaves_out_change_sets_that_are_not_published(client, plan, published):
    _start(plan, title="Pooleli muudatus")
    html = _html(client, _list_url(plan))
    assert "Pooleli muudatus" not in html
    assert "Muudatused pärast suvist arutelu" in html


def test_list_of_a_draft_plan_is_not_found(client, plan, published):
    CooperationPlan.objects.filter(pk=plan.pk).update(status=CooperationPlan.Status.DRAFT)
    assert client.get(_list_url(plan)).status_code == 404
    assert client.get(published.get_absolute_url()).status_code == 404


# --- One change set ---------------------------------------------------------------------------------------------------


def test_change_set_page_shows_title_date_and_description_but_not_who_published_it(client, published):
    html = _html(client, published.get_absolute_url())
    assert "Muudatused pärast suvist arutelu" in html
    assert "Arutelu ettepanekute järgi." in html
    assert "3. veebruar 2027" in html
    assert "ulle.ulevaataja" not in html and "Ülle" not in html


def _hidden(text):
    """Words for screen readers only, in the page's language (Estonian here)."""
    return f'<span class="visually-hidden">{gettext(text)} </span>'


def test_long_text_is_shown_as_a_word_difference_not_only_by_colour(client, published):
    html = _html(client, published.get_absolute_url())
    assert f"<del>{_hidden('removed:')}kuus</del>" in html
    assert f"<ins>{_hidden('added:')}nädalas</ins>" in html
    assert "Eakad saavad nõustamist kord " in html  # the words kept are plain text
    # Punctuation is a word of its own: "vallamajas." → "vallamajas ja kodus." adds two words.
    assert f"vallamajas<ins>{_hidden('added:')} ja kodus</ins>." in html


def test_numbers_are_shown_before_and_after_in_the_interface_language(client, published):
    html = _html(client, published.get_absolute_url())
    assert f"<del>{_hidden('before:')}0,50</del>" in html
    assert f"<ins>{_hidden('after:')}1,25</ins>" in html


def test_lists_show_who_was_added_and_who_removed(client, published):
    html = _html(client, published.get_absolute_url())
    assert "<ins>Võru Sotsiaalkeskus</ins>" in html
    assert "<del>MTÜ Vana Partner</del>" in html
    assert "<ins>Rõuge vald</ins>" in html
    assert "Antsla vald</del>" not in html


def test_indicator_values_are_a_table_of_years(client, published):
    html = _html(client, published.get_absolute_url())
    value = IndicatorValue.objects.get(year=2024)
    row = re.search(rf'<tr id="change-indicatorvalue-{value.pk}">(.*?)</tr>', html, re.DOTALL).group(1)
    assert "2024" in row and "<del>30,00</del>" in row and "<ins>42,00</ins>" in row
    added = IndicatorValue.objects.get(year=2025)
    row = re.search(rf'<tr id="change-indicatorvalue-{added.pk}">(.*?)</tr>', html, re.DOTALL).group(1)
    assert "2025" in row and "<ins>50,00</ins>" in row
    assert "Nõustatud eakad" in html


def test_each_object_has_an_anchor_and_a_link_to_where_it_is_now(client, plan, published):
    activity = Activity.objects.get(section__plan=plan)
    html = _html(client, published.get_absolute_url())
    assert f'id="change-activity-{activity.pk}"' in html
    assert f'href="{activity.get_absolute_url()}"' in html
    # A removed object keeps its public id as its anchor (an answer may name it), with no link: it is gone.
    removed = next(e for e in published.published_changes if e["model"] == "milestone")
    assert removed["action"] == "removed" and removed["id"] is not None
    block = re.search(rf'<section id="change-milestone-{removed["id"]}".*?</section>', html, re.DOTALL).group(0)
    assert "Suvine ümarlaud" in block
    assert "href" not in block  # it is gone from the plan: nothing to link to


def test_entries_without_an_id_are_anchored_by_their_position(client, published):
    entries = list(published.published_changes)
    entries[0] = {**entries[0], "id": None}
    ChangeSet.objects.filter(pk=published.pk).update(published_changes=entries)
    html = _html(client, published.get_absolute_url())
    assert f'id="change-{entries[0]["model"]}-0"' in html


@pytest.mark.parametrize("language", ["et", "en", "fi"])
def test_content_is_marked_with_the_plan_language_where_the_page_is_in_another(client, published, language):
    with translation.override(language):
        url = published.get_absolute_url()
    html = _html(client, url)
    assert f'<html lang="{language}"' in html
    marked = ' lang="et"' if language != "et" else ""
    assert f"<span{marked}>Muudatused pärast suvist arutelu</span>" in html
    assert f'<div class="word-diff"{marked}>' in html
    assert f"<ins{marked}>Võru Sotsiaalkeskus</ins>" in html
    # Municipalities' names are the same in every language.
    assert "<ins>Rõuge vald</ins>" in html


def test_change_sets_that_are_not_published_are_not_found(client, plan, published):
    open_one = _start(plan, title="Pooleli")
    assert client.get(open_one.get_absolute_url()).status_code == 404
    copy = _copy_activity(open_one, title="Eakate nõustamine")
    copy.title = "Uus pealkiri"
    copy.save()
    in_review = changesets.change_set_submit(change_set=open_one, actor=UserFactory())
    assert client.get(in_review.get_absolute_url()).status_code == 404
    discarded = changesets.change_set_discard(change_set=in_review, actor=UserFactory())
    assert client.get(discarded.get_absolute_url()).status_code == 404


def test_a_change_set_is_found_only_under_its_own_plan(client, plan, published):
    other = CooperationPlanFactory(status=CooperationPlan.Status.ADOPTED, region=plan.region)
    url = reverse("plans:change-set", kwargs={"region": plan.region.slug, "plan": other.slug, "pk": published.pk})
    assert client.get(url).status_code == 404


def _answer(change_set, *, body, published=True, comment_state=Comment.State.PUBLISHED):
    plan = change_set.plan
    window = plan.consultation_windows.first() or ConsultationWindowFactory(plan=plan, closed=True)
    comment = CommentFactory(window=window, section=plan.sections.first(), body=body, state=comment_state)
    return ResponseFactory(
        comment=comment,
        change_set=change_set,
        reason="Täiendasime tegevust.",
        published_at=timezone.now() if published else None,
    )


def test_comments_whose_published_answers_name_the_change_set_are_shown(client, plan, published):
    shown = _answer(published, body="Nõustamist võiks olla sagedamini.")
    _answer(published, body="Vastus on alles mustand.", published=False)
    _answer(published, body="Kommentaar ootab modereerimist.", comment_state=Comment.State.PENDING)
    html = _html(client, published.get_absolute_url())
    assert 'id="comments-title"' in html
    assert "Nõustamist võiks olla sagedamini." in html and "Täiendasime tegevust." in html
    feedback = reverse(
        "consultations:feedback",
        kwargs={"region": plan.region.slug, "plan": plan.slug, "window": shown.comment.window_id},
    )
    reference = shown.comment.reference
    assert f'href="{feedback}?comment={reference}#comment-{reference}"' in html  # the comment alone in the table
    assert "Vastus on alles mustand." not in html
    assert "Kommentaar ootab modereerimist." not in html


def test_without_answers_naming_it_the_page_has_no_comments_section(client, published):
    assert 'id="comments-title"' not in _html(client, published.get_absolute_url())


# --- Links from the plan ------------------------------------------------------------------------------------------


def test_plan_page_lists_the_latest_change_sets_in_a_changes_section(client, plan, published):
    html = _html(client, plan.get_absolute_url())
    assert 'id="changelog-title"' in html
    assert 'href="#changelog-title"' in html
    assert published.get_absolute_url() in html
    assert _list_url(plan) in html


def test_plan_page_without_published_change_sets_has_no_changes_section(client, plan):
    _start(plan)
    assert 'id="changelog-title"' not in _html(client, plan.get_absolute_url())


def test_changes_since_the_consultation_page_links_the_changelog(client, plan):
    html = _html(client, reverse("plans:changes", kwargs={"region": plan.region.slug, "plan": plan.slug}))
    assert _list_url(plan) in html


# --- Query budgets ------------------------------------------------------------------------------------------------


def _plan_with_change_sets(count):
    plan = CooperationPlanFactory(status=CooperationPlan.Status.ADOPTED)
    section = ThemeSectionFactory(plan=plan)
    ActivityFactory(section=section, title="Tegevus")
    for n in range(count):
        change_set = _start(plan, title=f"Muudatus {n}")
        copy = _copy_activity(change_set)
        copy.title = f"Tegevus {n}"
        copy.save()
        _publish(change_set)
    return plan


def _change_set_of_many_objects(count):
    """A published change set that changes ``count`` activities: their texts, numbers, lists and indicators."""
    plan = CooperationPlanFactory(status=CooperationPlan.Status.ADOPTED)
    section = ThemeSectionFactory(plan=plan)
    for _n in range(count):
        activity = ActivityFactory(section=section, description=OLD_TEXT)
        activity.partner_organisations.set([OrganisationFactory(region=plan.region)])
        IndicatorValueFactory(indicator=IndicatorFactory(activity=activity), year=2024)
    change_set = _start(plan)
    for copy in Activity.objects.filter(section__plan=change_set.working_copy):
        copy.description = NEW_TEXT
        copy.budget = Decimal("99.00")
        copy.save()
        copy.partner_organisations.add(OrganisationFactory(region=plan.region))
        copy.municipalities.add(MunicipalityFactory(region=plan.region))
        IndicatorValue.objects.filter(indicator__activity=copy).update(value=Decimal("1"))
        MilestoneFactory(plan=change_set.working_copy)
    change_set = _publish(change_set)
    for n in range(count):
        _answer(change_set, body=f"Kommentaar {n}")
    return change_set


# plan; its published change sets
LIST_QUERIES = 2
# the change set with its plan and region; the names of organisations and of municipalities; the links to
# milestones, activities and indicator values still on the plan; the published answers naming the change set
DETAIL_QUERIES = 7


@pytest.mark.parametrize("count", [1, 10])
def test_list_query_count_does_not_grow_with_change_sets(client, django_assert_num_queries, count):
    plan = _plan_with_change_sets(count)
    with django_assert_num_queries(LIST_QUERIES):
        html = _html(client, _list_url(plan))
    assert html.count("<h2 ") == count


@pytest.mark.parametrize("count", [1, 10])
def test_detail_query_count_does_not_grow_with_changed_objects(client, django_assert_num_queries, count):
    change_set = _change_set_of_many_objects(count)
    with django_assert_num_queries(DETAIL_QUERIES):
        html = _html(client, change_set.get_absolute_url())
    assert html.count('<section id="change-activity-') == count
    assert html.count('<tr id="change-indicatorvalue-') == count
    assert html.count("<blockquote") == count
