"""The staff page binding an indicator to a statistics source: form, optimistic locking, access, fetch now."""

from decimal import Decimal
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import translation

from core.models import AuditEvent, RegionRole
from monitoring.models import StatisticsSource, StatisticValue
from tests.factories import (
    ActivityFactory,
    CooperationPlanFactory,
    IndicatorFactory,
    MunicipalityFactory,
    RegionRoleFactory,
    StatisticsSourceFactory,
    StatisticValueFactory,
    ThemeSectionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(region):
    plan = CooperationPlanFactory(region=region, slug="kava")
    activity = ActivityFactory(section=ThemeSectionFactory(plan=plan))
    indicator = IndicatorFactory(
        activity=activity, baseline_value=Decimal("12.50"), target_value=Decimal("10.00"), name="Töötuse määr"
    )
    MunicipalityFactory(region=region, slug="voru-vald", name="Võru vald")
    MunicipalityFactory(region=region, slug="rouge-vald", name="Rõuge vald")
    return indicator


@pytest.fixture
def as_editor(client, region):
    client.force_login(RegionRoleFactory(region=region, role=RegionRole.Role.EDITOR).user)
    return client


def _url(indicator, name="indicator-source", language="en"):
    """The English page by default: the messages these tests read are the msgids (et and fi are tested apart)."""
    plan = indicator.activity.section.plan
    kwargs = {"region": plan.region.slug, "plan": plan.slug, "indicator": indicator.pk}
    with translation.override(language):
        return reverse(f"monitoring-staff:{name}", kwargs=kwargs)


def _data(**changes):
    data = {
        "provider": "pxweb",
        "dataset": "TT4645",
        "gender": "total",
        "selections": "Sugu=1\nVanuserühm=15-74",
        "area_code": "0087",
        "country_code": "EE",
        "municipality__voru-vald": "0919",
        "municipality__rouge-vald": "0698",
        "direction": "lower",
        "rule": "trend",
        "version": "1",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


# --- Binding ----------------------------------------------------------------------------------------------------


def test_the_page_has_a_code_field_for_each_municipality_of_the_region(as_editor, world):
    response = as_editor.get(_url(world))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="municipality__voru-vald"' in html and 'name="municipality__rouge-vald"' in html
    assert "Võru vald" in html


def test_an_editor_binds_an_indicator_to_a_pxweb_table(as_editor, world, django_capture_on_commit_callbacks):
    with (
        mock.patch("monitoring.statistics.tasks.fetch_statistics_source.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = as_editor.post(_url(world), _data())

    assert response.status_code == 302
    source = StatisticsSource.objects.get(indicator=world)
    assert (source.provider, source.dataset, source.area_code, source.country_code) == ("pxweb", "TT4645", "0087", "EE")
    assert source.query == {"Sugu": "1", "Vanuserühm": "15-74"}
    assert source.municipality_codes == {"voru-vald": "0919", "rouge-vald": "0698"}
    assert (source.direction, source.rule, source.version, source.state) == ("lower", "trend", 1, "new")
    assert source.history.count() == 1
    delay.assert_called_once_with(source.pk)  # a fetch is queued once the binding is committed


def test_a_sotkanet_binding_stores_the_gender_and_an_optional_region_category(as_editor, world):
    data = _data(provider="sotkanet", dataset="4559", gender="female", selections="region_category=HYVINVOINTIALUE")

    as_editor.post(_url(world), data)

    source = StatisticsSource.objects.get(indicator=world)
    assert source.query == {"gender": "female", "region_category": "HYVINVOINTIALUE"}


def test_several_values_of_a_selection_are_stored_as_a_list(as_editor, world):
    as_editor.post(_url(world), _data(selections="Sugu=1, 2"))

    assert StatisticsSource.objects.get(indicator=world).query == {"Sugu": ["1", "2"]}


def test_the_saved_selections_are_shown_back_as_lines(as_editor, world):
    StatisticsSourceFactory(indicator=world, provider="pxweb", query={"Sugu": ["1", "2"], "Aasta": "2020"})

    html = as_editor.get(_url(world)).content.decode()

    assert "Sugu=1,2\nAasta=2020" in html


BAD_INPUT = [
    ({"dataset": ""}, "dataset", None),
    ({"provider": "sotkanet", "dataset": "RV0240", "selections": ""}, "dataset", "A Sotkanet indicator is a number"),
    ({"dataset": "RV 0240"}, "dataset", "Statistics Estonia table"),
    ({"area_code": "00 87"}, "area_code", "no spaces"),
    ({"area_code": "ääää"}, "area_code", "no spaces"),
    ({"area_code": "x" * 21}, "area_code", None),
    ({"country_code": "E E"}, "country_code", "no spaces"),
    ({"selections": "Sugu 1"}, "selections", "has no “=”"),
    ({"selections": "Sugu="}, "selections", "needs both a code and a value"),
    ({"selections": "=1"}, "selections", "needs both a code and a value"),
    ({"selections": "Sugu=1\nSugu=2"}, "selections", "is chosen twice"),
    ({"selections": "Sugu=1 2"}, "selections", "without spaces"),
    ({"selections": "Sugu=1,,2"}, "selections", "empty value between commas"),
    ({"provider": "sotkanet", "dataset": "4559", "selections": "Sugu=1"}, "selections", "Sotkanet takes only"),
    ({"municipality__voru-vald": "09 19"}, "municipality__voru-vald", "no spaces"),
    ({"municipality__voru-vald": "0698"}, "municipality__voru-vald", "Rõuge vald has the same code"),
    ({"municipality__voru-vald": "0087"}, "municipality__voru-vald", "the region's code"),
    ({"direction": "higher"}, "direction", "target (10) is below its baseline (12.5)"),
    ({"direction": "sideways"}, "direction", None),
    ({"rule": "straight"}, "rule", None),
    ({"provider": "eurostat"}, "provider", None),
]


@pytest.mark.parametrize(("changes", "field", "message"), BAD_INPUT)
def test_bad_input_is_refused_with_a_message_and_kept(as_editor, world, changes, field, message):
    response = as_editor.post(_url(world), _data(**changes))

    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    if message:
        assert any(message in error for error in form.errors[field]), form.errors[field]
    assert not StatisticsSource.objects.exists()
    html = response.content.decode()
    assert "TT4645" in html or changes.get("dataset", "") in html  # nothing typed is lost
    assert "error-summary" in html or "data-error-summary" in html


def test_a_path_needs_a_target_year_after_the_baseline(as_editor, world):
    world.target_year = world.baseline_year
    world.save()

    response = as_editor.post(_url(world), _data(rule="path"))

    assert "A path needs a target year after the baseline year (2020)." in response.context["form"].errors["rule"]


def test_a_code_posted_for_a_municipality_of_another_region_is_not_stored(as_editor, world, other_region):
    MunicipalityFactory(region=other_region, slug="rakvere-linn")

    as_editor.post(_url(world), _data(**{"municipality__rakvere-linn": "0663"}))

    assert StatisticsSource.objects.get(indicator=world).municipality_codes == {
        "voru-vald": "0919",
        "rouge-vald": "0698",
    }


def test_a_direction_message_writes_numbers_the_readers_way(as_editor, world):
    response = as_editor.post("/en" + _url(world)[3:], _data(direction="higher"))

    assert "target (10) is below its baseline (12.5)" in response.content.decode()


# --- Editing ----------------------------------------------------------------------------------------------------


def _bound(world, **kwargs):
    defaults = {
        "provider": "pxweb",
        "dataset": "TT4645",
        "query": {"Sugu": "1", "Vanuserühm": "15-74"},
        "area_code": "0087",
        "country_code": "EE",
        "municipality_codes": {"voru-vald": "0919", "rouge-vald": "0698"},
        "direction": "lower",
        "state": "ok",
    }
    return StatisticsSourceFactory(indicator=world, **{**defaults, **kwargs})


def test_changing_only_the_rule_keeps_the_values_and_the_fetch_state(
    as_editor, world, django_capture_on_commit_callbacks
):
    source = _bound(world)
    StatisticValueFactory(source=source, area_code="0087", year=2022)

    with (
        mock.patch("monitoring.statistics.tasks.fetch_statistics_source.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = as_editor.post(_url(world), _data(rule="path"))

    assert response.status_code == 302
    source.refresh_from_db()
    assert (source.rule, source.state, source.version) == ("path", "ok", 2)
    assert source.values.count() == 1
    delay.assert_not_called()  # nothing to fetch anew


def test_an_edit_does_not_overwrite_what_a_fetch_wrote_meanwhile(as_editor, world):
    source = _bound(world, state="new")
    as_editor.get(_url(world))
    # A fetch finishes between the page's load and its save; fetches do not bump the version.
    StatisticsSource.objects.filter(pk=source.pk).update(state="failed", error_code="timeout")

    as_editor.post(_url(world), _data(rule="path"))

    source.refresh_from_db()
    assert (source.state, source.error_code, source.rule) == ("failed", "timeout", "path")


def test_changing_the_table_drops_the_old_values_and_fetches_again(
    as_editor, world, django_capture_on_commit_callbacks
):
    source = _bound(world, error_code="timeout")
    StatisticValueFactory(source=source, area_code="0087", year=2022)

    with (
        mock.patch("monitoring.statistics.tasks.fetch_statistics_source.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        as_editor.post(_url(world), _data(dataset="RV0240"))

    source.refresh_from_db()
    assert (source.dataset, source.state, source.error_code) == ("RV0240", "new", "")
    assert not source.values.exists()
    assert StatisticValue.history.filter(history_type="-").count() == 1  # history keeps what was deleted
    delay.assert_called_once_with(source.pk)


def test_removing_a_municipality_drops_only_its_values(as_editor, world):
    source = _bound(world)
    StatisticValueFactory(source=source, area_kind="region", area_code="0087", year=2022)
    StatisticValueFactory(source=source, area_kind="municipality", area_code="0919", year=2022)
    StatisticValueFactory(source=source, area_kind="municipality", area_code="0698", year=2022)

    as_editor.post(_url(world), _data(**{"municipality__rouge-vald": ""}))

    assert sorted(source.values.values_list("area_code", flat=True)) == ["0087", "0919"]


def test_a_stale_version_is_a_conflict_that_keeps_the_input(as_editor, world):
    source = _bound(world)
    StatisticsSource.objects.filter(pk=source.pk).update(version=2)

    response = as_editor.post(_url(world), _data(dataset="RV0240", version="1"))

    assert response.status_code == 409
    source.refresh_from_db()
    assert source.dataset == "TT4645"
    form = response.context["form"]
    assert form["dataset"].value() == "RV0240" and form["version"].value() == "2"
    # Only the field that differs: the form's own fields (gender, selections, municipalities) compare as stored.
    assert [(row["theirs"], row["yours"]) for row in response.context["conflict"]["rows"]] == [("TT4645", "RV0240")]

    # Saving again, after reading the other person's change, goes through.
    again = as_editor.post(_url(world), _data(dataset="RV0240", version="2"))
    assert again.status_code == 302


def test_the_binding_is_removed_with_its_values(as_editor, world):
    source = _bound(world)
    StatisticValueFactory(source=source, year=2022)

    response = as_editor.post(_url(world, "indicator-source-remove"), {"version": "1"})

    assert response.status_code == 302
    assert not StatisticsSource.objects.exists() and not StatisticValue.objects.exists()
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.DELETE, object_type="monitoring.statisticssource"
    ).exists()


def test_a_stale_removal_removes_nothing(as_editor, world):
    source = _bound(world)
    StatisticsSource.objects.filter(pk=source.pk).update(version=3)

    response = as_editor.post(_url(world, "indicator-source-remove"), {"version": "1"}, follow=True)

    assert StatisticsSource.objects.exists()
    assert "Someone else changed the binding meanwhile" in response.content.decode()


# --- The page: state, error, values and their history ---------------------------------------------------------


def test_the_page_shows_the_stored_error_in_the_readers_language(as_editor, world):
    source = _bound(world)
    StatisticsSource.objects.filter(pk=source.pk).update(
        state="failed", error_code="http_status", error_params={"status": 503}
    )

    html = as_editor.get("/en" + _url(world)[3:]).content.decode()

    assert "503" in html
    assert "last fetch failed" in html.lower()


def test_a_changed_value_shows_its_previous_value(as_editor, world):
    source = _bound(world)
    value = StatisticValueFactory(
        source=source, area_code="0087", area_name="Võru maakond", year=2022, value=Decimal("7.1")
    )
    value.value = Decimal("7.4")
    value.save()
    StatisticValueFactory(source=source, area_code="0087", year=2023, value=Decimal("6.9"))

    response = as_editor.get(_url(world, language="et"))

    rows = {(v.year, v.value): v.previous_value for v in response.context["values"]}
    assert rows == {(2022, Decimal("7.4")): Decimal("7.1"), (2023, Decimal("6.9")): None}
    assert "7,1" in response.content.decode()


def test_the_indicator_edit_page_links_to_the_binding(as_editor, world):
    plan = world.activity.section.plan
    url = reverse(
        "plans-staff:indicator-edit", kwargs={"region": plan.region.slug, "plan": plan.slug, "indicator": world.pk}
    )

    html = as_editor.get(url).content.decode()

    assert _url(world, language="et") in html


# --- Access ------------------------------------------------------------------------------------------------------


def test_an_editor_of_another_region_gets_403_and_changes_nothing(client, world, other_region):
    client.force_login(RegionRoleFactory(region=other_region, role=RegionRole.Role.EDITOR).user)

    assert client.get(_url(world)).status_code == 403
    assert client.post(_url(world), _data()).status_code == 403
    assert not StatisticsSource.objects.exists()


def test_a_viewer_of_the_region_gets_403(client, world, region):
    client.force_login(RegionRoleFactory(region=region, role=RegionRole.Role.VIEWER).user)

    assert client.get(_url(world)).status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in_and_changes_nothing(client, world):
    response = client.post(_url(world), _data())

    assert response.status_code == 302 and reverse("staff:login") in response["Location"]
    assert not StatisticsSource.objects.exists()


def test_an_indicator_of_another_plan_is_not_found_under_this_one(as_editor, world, region):
    other = IndicatorFactory(
        activity=ActivityFactory(section=ThemeSectionFactory(plan=CooperationPlanFactory(region=region)))
    )
    plan = world.activity.section.plan
    url = reverse(
        "monitoring-staff:indicator-source", kwargs={"region": region.slug, "plan": plan.slug, "indicator": other.pk}
    )

    assert as_editor.get(url).status_code == 404


# --- Fetch now -----------------------------------------------------------------------------------------------------


def test_fetch_now_runs_the_fetch_task(as_editor, world, eager_celery):
    source = _bound(world)

    with mock.patch("monitoring.statistics.tasks.fetch_source_by_id", return_value=True) as fetch:
        response = as_editor.post(_url(world, "indicator-source-fetch"), follow=True)

    assert response.status_code == 200
    fetch.assert_called_once()
    assert fetch.call_args.args[0] == source.pk
    assert [message.level_tag for message in response.context["messages"]] == ["success"]


def test_fetch_now_with_the_broker_down_still_answers_and_says_when_it_will_be_fetched(as_editor, world):
    _bound(world)

    with mock.patch(
        "monitoring.statistics.tasks.fetch_statistics_source.delay", side_effect=ConnectionError("no broker")
    ):
        response = as_editor.post("/en" + _url(world, "indicator-source-fetch")[3:], follow=True)

    assert response.status_code == 200
    assert "next scheduled fetch" in response.content.decode()


def test_fetch_now_without_a_binding_says_so(as_editor, world):
    response = as_editor.post("/en" + _url(world, "indicator-source-fetch")[3:], follow=True)

    assert "save the binding first" in response.content.decode()


def test_a_get_of_a_buttons_address_does_nothing(as_editor, world):
    _bound(world)

    with mock.patch("monitoring.statistics.tasks.fetch_statistics_source.delay") as delay:
        response = as_editor.get(_url(world, "indicator-source-fetch"))

    assert response.status_code == 302
    delay.assert_not_called()
    assert as_editor.get(_url(world, "indicator-source-remove")).status_code == 302
    assert StatisticsSource.objects.exists()


def test_binding_an_indicator_someone_else_bound_meanwhile_is_a_conflict(as_editor, world):
    as_editor.get(_url(world))  # the page opened unbound
    _bound(world, dataset="RV0240")

    response = as_editor.post(_url(world), _data(binding="new"))

    assert response.status_code == 409
    assert StatisticsSource.objects.get().dataset == "RV0240"
    assert response.context["form"]["dataset"].value() == "TT4645"
