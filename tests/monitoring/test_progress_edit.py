"""Writing a progress report: numbers as people type them in et, en and fi, bad input refused with a clear message
and kept, evidence projects of the region and links, the report of a year created once and updated after, a second
person's save meanwhile shown as a conflict without losing anything typed, and every save in the history."""

from decimal import Decimal

import pytest

from core.models import AuditEvent
from monitoring.models import ActivityProgress, EvidenceLink
from tests.factories import ActivityProgressFactory, EvidenceLinkFactory, UserFactory
from tests.monitoring.progress_world import build_world, edit_url, form_data

pytestmark = pytest.mark.django_db
NO_NEW_LINK = {"links-0-title": "", "links-0-url": ""}


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def as_reporter(client, world):
    client.force_login(world.reporter)
    return client


def saved(world, year=2025) -> ActivityProgress:
    return ActivityProgress.objects.get(activity=world.activity, year=year)


@pytest.mark.parametrize("language", ["et", "fi", "en"])
def test_decimal_comma_and_spaces_between_thousands_are_read_in_every_language(as_reporter, world, language):
    response = as_reporter.post(edit_url(world, 2025, language=language), form_data())

    assert response.status_code == 302
    progress = saved(world)
    assert progress.person_years_used == Decimal("0.75")
    assert progress.money_spent == Decimal("1234.50")
    assert progress.status == ActivityProgress.Status.ON_TRACK
    assert progress.version == 1


def test_the_form_shows_the_saved_numbers_back_with_a_decimal_comma_in_estonian(as_reporter, world):
    ActivityProgressFactory(activity=world.activity, year=2025, person_years_used=Decimal("0.75"))

    page = as_reporter.get(edit_url(world, 2025, language="et")).content.decode()

    assert 'value="0,75"' in page


NEGATIVE = {
    "et": "Väärtus ei saa olla negatiivne.",
    "en": "The value cannot be negative.",
    "fi": "Arvo ei voi olla negatiivinen.",
}


@pytest.mark.parametrize("language", NEGATIVE)
def test_a_negative_amount_is_refused_with_a_message_in_the_page_language_and_kept(as_reporter, world, language):
    response = as_reporter.post(
        edit_url(world, 2025, language=language), form_data(money_spent="-1", account="Minu tekst")
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert NEGATIVE[language] in page
    assert 'value="-1"' in page
    assert "Minu tekst" in page
    assert 'id="form-errors"' in page
    assert not ActivityProgress.objects.exists()


@pytest.mark.parametrize("typed", ["1,2,3", "NaN", "1e5", "12 34,5,6", "abc"])
def test_numbers_that_are_not_numbers_are_refused(as_reporter, world, typed):
    response = as_reporter.post(edit_url(world, 2025), form_data(person_years_used=typed))

    assert response.status_code == 200
    assert "Enter a number, e.g. 1,234.5." in response.content.decode()
    assert not ActivityProgress.objects.exists()


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("person_years_used", "1000,01", "Enter at most 1,000."),
        ("money_spent", "1 000 000 001", "Enter at most 1,000,000,000."),
    ],
)
def test_amounts_over_the_range_are_refused(as_reporter, world, field, typed, message):
    response = as_reporter.post(edit_url(world, 2025), form_data(**{field: typed}))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ActivityProgress.objects.exists()


def test_empty_amounts_are_stored_as_not_known(as_reporter, world):
    as_reporter.post(edit_url(world, 2025), form_data(money_spent="", person_years_used=""))

    progress = saved(world)
    assert progress.money_spent is None
    assert progress.person_years_used is None


def test_the_report_of_a_year_is_updated_not_duplicated(as_reporter, world):
    as_reporter.post(edit_url(world, 2025), form_data())
    progress = saved(world)

    response = as_reporter.post(
        edit_url(world, 2025),
        form_data(version=str(progress.version), status="delayed", **{"links-0-title": "", "links-0-url": ""}),
    )

    assert response.status_code == 302
    assert ActivityProgress.objects.count() == 1
    progress.refresh_from_db()
    assert progress.status == ActivityProgress.Status.DELAYED
    assert progress.version == 2


def test_evidence_projects_are_the_regions_own_with_the_activitys_first(as_reporter, world):
    page = as_reporter.get(edit_url(world, 2025)).content.decode()

    assert page.index("Nõustamise projekt") < page.index("Aaa muu projekt")
    assert "Tartu projekt" not in page


def test_evidence_projects_and_links_are_saved(as_reporter, world):
    response = as_reporter.post(edit_url(world, 2025), form_data(evidence_projects=[str(world.project.pk)]))

    assert response.status_code == 302
    progress = saved(world)
    assert list(progress.evidence_projects.all()) == [world.project]
    assert [(link.title, link.url) for link in progress.links.all()] == [
        ("Aastaaruanne 2025", "https://vorumaa.ee/aruanne-2025.pdf")
    ]


def test_a_project_of_another_region_cannot_be_given_as_evidence(as_reporter, world):
    response = as_reporter.post(
        edit_url(world, 2025), form_data(evidence_projects=[str(world.other_region_project.pk)])
    )

    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert not ActivityProgress.objects.exists()


@pytest.mark.parametrize("url", ["not a web address", "javascript:alert(1)", "vorumaa.ee aruanne"])
def test_a_link_that_is_not_a_web_address_is_refused(as_reporter, world, url):
    response = as_reporter.post(edit_url(world, 2025), form_data(**{"links-0-url": url}))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter a valid URL." in page
    assert "Aastaaruanne 2025" in page
    assert not ActivityProgress.objects.exists()


def test_a_link_needs_a_title(as_reporter, world):
    response = as_reporter.post(edit_url(world, 2025), form_data(**{"links-0-title": ""}))

    assert response.status_code == 200
    assert not ActivityProgress.objects.exists()


def test_deleting_a_link_is_audited(as_reporter, world):
    progress = ActivityProgressFactory(activity=world.activity, year=2025)
    link = EvidenceLinkFactory(progress=progress, title="Vana link")
    data = form_data(
        version=str(progress.version),
        **{
            "links-INITIAL_FORMS": "1",
            "links-0-id": str(link.pk),
            "links-0-progress": str(progress.pk),
            "links-0-title": "Vana link",
            "links-0-url": link.url,
            "links-0-DELETE": "on",
        },
    )

    response = as_reporter.post(edit_url(world, 2025), data)

    assert response.status_code == 302
    assert not EvidenceLink.objects.filter(pk=link.pk).exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.DELETE)
    assert event.object_type == "monitoring.evidencelink"
    assert event.actor == world.reporter
    assert event.region == world.region


def test_new_links_come_after_the_old_ones(as_reporter, world):
    progress = ActivityProgressFactory(activity=world.activity, year=2025)
    old = EvidenceLinkFactory(progress=progress, title="Esimene", position=0)
    data = form_data(
        version=str(progress.version),
        **{
            "links-TOTAL_FORMS": "2",
            "links-INITIAL_FORMS": "1",
            "links-0-id": str(old.pk),
            "links-0-progress": str(progress.pk),
            "links-0-title": "Esimene",
            "links-0-url": old.url,
            "links-1-title": "Teine",
            "links-1-url": "https://example.org/teine",
        },
    )

    as_reporter.post(edit_url(world, 2025), data)

    assert [link.title for link in progress.links.all()] == ["Esimene", "Teine"]


def test_history_rows_are_written_with_the_user(as_reporter, world):
    as_reporter.post(edit_url(world, 2025), form_data())
    progress = saved(world)
    as_reporter.post(edit_url(world, 2025), form_data(version="1", status="done", **NO_NEW_LINK))

    records = list(progress.history.order_by("history_date", "history_id"))
    assert records[0].history_type == "+"
    assert records[-1].status == "done"
    assert {record.history_user for record in records} == {world.reporter}
    assert EvidenceLink.history.filter(title="Aastaaruanne 2025", history_type="+").exists()


def test_the_staff_history_page_shows_and_restores_a_report(client, world):
    client.force_login(world.reporter)
    client.post(edit_url(world, 2025), form_data())
    client.post(edit_url(world, 2025), form_data(version="1", status="done", **NO_NEW_LINK))
    progress = saved(world)
    assert progress.status == "done"
    page = client.get(f"/en/manage/history/monitoring.activityprogress/{progress.pk}/")
    assert page.status_code == 200
    assert "Status" in page.content.decode()

    client.force_login(world.editor)
    first = progress.history.order_by("history_date", "history_id").first()
    response = client.post(
        f"/en/manage/history/monitoring.activityprogress/{progress.pk}/restore/{first.history_id}/", {"confirm": "1"}
    )

    assert response.status_code == 302
    progress.refresh_from_db()
    assert progress.status == "on_track"


def test_a_reporter_cannot_restore_a_version(client, world):
    progress = ActivityProgressFactory(activity=world.activity, year=2025)
    progress.status = "done"
    progress.save()
    client.force_login(world.reporter)
    first = progress.history.order_by("history_date", "history_id").first()

    response = client.post(
        f"/en/manage/history/monitoring.activityprogress/{progress.pk}/restore/{first.history_id}/", {"confirm": "1"}
    )

    assert response.status_code == 403


# --- Conflicts -----------------------------------------------------------------------------------------------


def test_a_stale_version_shows_the_others_values_and_keeps_what_was_typed(as_reporter, world):
    progress = ActivityProgressFactory(
        activity=world.activity, year=2025, status="on_track", account="Alguses", version=1
    )
    # Someone else saves after the reporter opened the form at version 1.
    progress.status, progress.account, progress.version = "delayed", "Teise inimese tekst", 2
    progress.updated_by = UserFactory(username="kolleeg")
    progress.save()

    response = as_reporter.post(edit_url(world, 2025), form_data(version="1", status="done", account="Minu enda tekst"))

    assert response.status_code == 409
    page = response.content.decode()
    assert 'id="conflict"' in page
    assert "Teise inimese tekst" in page  # theirs, in the comparison
    assert "Minu enda tekst" in page  # mine, kept in the form
    assert "Aastaaruanne 2025" in page  # the link typed, kept
    assert 'name="version" value="2"' in page
    progress.refresh_from_db()
    assert progress.account == "Teise inimese tekst"

    # Saving again, after reading theirs, keeps mine.
    response = as_reporter.post(edit_url(world, 2025), form_data(version="2", status="done", account="Minu enda tekst"))
    assert response.status_code == 302
    progress.refresh_from_db()
    assert progress.account == "Minu enda tekst"


def test_a_report_written_by_someone_else_after_the_form_opened_empty_is_a_conflict(as_reporter, world):
    # The reporter opened the form when there was no report (version 0); the editor wrote one meanwhile.
    ActivityProgressFactory(activity=world.activity, year=2025, account="Toimetaja tekst")

    response = as_reporter.post(edit_url(world, 2025), form_data(version="0", account="Aruandja tekst"))

    assert response.status_code == 409
    page = response.content.decode()
    assert "Toimetaja tekst" in page and "Aruandja tekst" in page
    assert saved(world).account == "Toimetaja tekst"


def test_the_form_of_a_new_report_carries_version_0(as_reporter, world):
    page = as_reporter.get(edit_url(world, 2025)).content.decode()
    assert 'name="version" value="0"' in page


def test_the_page_shows_the_plan_beside_the_form(as_reporter, world):
    page = as_reporter.get(edit_url(world, 2025, language="et")).content.decode()

    assert "12\xa0000\xa0€" in page  # the activity's budget, planned for 2024–2027
    assert "Kogu tegevuseks kavandatud" in page
