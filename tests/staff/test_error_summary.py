"""Every staff form answers invalid input with an error summary at its top (the GOV.UK pattern): a heading, then one
link per error to the input it is about, an "Error: " title, and each invalid input marked aria-invalid and described
by its message."""

from html.parser import HTMLParser

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import TEST_PASSWORD
from tests.staff.plan_forms import indicator_data, new_milestone, plan_data, plan_url

pytestmark = pytest.mark.django_db


class Page(HTMLParser):
    """The elements of a page by id, and the error summary's links and other items."""

    def __init__(self, html: str):
        super().__init__()
        self.ids: dict[str, tuple[str, dict]] = {}
        self.summaries = 0
        self.links: list[str] = []
        self.unlinked: list[str] = []
        self.title = ""
        self._depth = 0  # inside the summary: the depth of open <div>s
        self._in_item = self._item_linked = self._in_title = False
        self._text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            assert attrs["id"] not in self.ids, f"two elements with id {attrs['id']}"
            self.ids[attrs["id"]] = (tag, attrs)
        if tag == "title":
            self._in_title = True
        if "data-error-summary" in attrs and "error-summary" in attrs.get("class", ""):
            self.summaries += 1
            self._depth = 1
        elif self._depth and tag == "div":
            self._depth += 1
        elif self._depth and tag == "li":
            self._in_item, self._item_linked, self._text = True, False, []
        elif self._in_item and tag == "a":
            self._item_linked = True
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if self._depth and tag == "div":
            self._depth -= 1
        elif self._in_item and tag == "li":
            self._in_item = False
            if not self._item_linked:
                self.unlinked.append(" ".join("".join(self._text).split()))

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._in_item:
            self._text.append(data)


def field_errors(*forms) -> int:
    """How many messages the visible fields of these forms (and the forms of these formsets) have."""
    count = 0
    for form in forms:
        for sub in getattr(form, "forms", [form]):
            count += sum(len(sub[name].errors) for name in sub.errors if name != "__all__" and not sub[name].is_hidden)
    return count


def assert_summary_links_every_error(response, *form_names) -> Page:
    """One summary; a link per field error to an input that is marked invalid and described by its message."""
    assert response.status_code in (200, 400, 409), response.status_code
    page = Page(response.content.decode())
    assert page.summaries == 1
    assert page.title.strip().startswith("Error: ")
    forms = [response.context[name] for name in form_names]
    forms = [form for item in forms for form in (item.values() if isinstance(item, dict) else [item])]
    assert len(page.links) == field_errors(*forms) > 0
    for href in page.links:
        assert href.startswith("#")
        tag, attrs = page.ids[href[1:]]
        assert tag in ("input", "select", "textarea"), href
        assert attrs.get("aria-invalid") == "true", href
        if attrs.get("type") in ("radio", "checkbox") and "aria-describedby" not in attrs:
            continue  # an option of a group: its fieldset is described by the message
        described = attrs.get("aria-describedby", "").split()
        assert any(target.endswith("_error") and target in page.ids for target in described), (href, described)
    return page


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def as_superuser(client, staff_world):
    client.force_login(staff_world.users["superuser"])
    return client


def _management(prefixes, rows=None):
    data = {}
    for prefix in prefixes:
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "100"}
    for prefix, row in (rows or {}).items():
        data[f"{prefix}-TOTAL_FORMS"] = "1"
        data |= {f"{prefix}-0-{key}": value for key, value in row.items()}
    return data


def _plans_url(name, world, **kwargs):
    return reverse(f"plans-staff:{name}", kwargs={"region": world.region.slug, **kwargs})


def _windows_url(name, world, **kwargs):
    return reverse(f"consultations-staff:{name}", kwargs={"region": world.region.slug, **kwargs})


# name: (address, what is posted) for a form whose only context name is "form".
SINGLE_FORMS = {
    "new plan": (lambda w: _plans_url("plan-create", w), {"title": ""}),
    "new theme section": (lambda w: plan_url("section-create", w.plan), {"title": ""}),
    "new activity": (lambda w: plan_url("activity-create", w.plan, section=w.section.pk), {"title": ""}),
    "activity": (
        lambda w: plan_url("activity-edit", w.plan, activity=w.activity.pk),
        {"title": "", "partner_organisations": ["999999"], "version": "1"},
    ),
    "new organisation": (lambda w: _plans_url("organisation-create", w), {"name": ""}),
    "new strategy document": (lambda w: _plans_url("strategy-document-create", w), {"title": ""}),
    "new consultation window": (lambda w: _windows_url("window-create", w, plan=w.plan.slug), {"title": ""}),
    "consultation window": (lambda w: _windows_url("window-edit", w, window=w.window.pk), {"opens_at": "kolmapäev"}),
    "extending a window": (lambda w: _windows_url("window-extend", w, window=w.window.pk), {"closes_at": ""}),
    "closing a window early": (lambda w: _windows_url("window-close", w, window=w.window.pk), {"reason": "x" * 501}),
    "new workshop": (lambda w: _windows_url("workshop-create", w, window=w.window.pk), {"title": ""}),
    "workshop input": (lambda w: _windows_url("workshop-comment", w, window=w.window.pk), {"body": ""}),
    "answer to a comment": (lambda w: _windows_url("comment-answer", w, pk=w.comment.pk), {"save": "1"}),
    "personal data": (lambda w: _windows_url("personal-data", w), {"action": "find", "email": "mari@"}),
    "project import": (lambda w: reverse("projects-staff:import", kwargs={"region": w.region.slug}), {}),
}


@pytest.mark.parametrize("name", SINGLE_FORMS)
def test_an_invalid_staff_form_has_a_summary_linking_every_error_to_its_input(as_superuser, staff_world, name):
    url, data = SINGLE_FORMS[name]
    response = as_superuser.post(url(staff_world), data)
    assert_summary_links_every_error(response, "form")


def test_a_plan_with_bad_milestones_lists_the_formsets_errors_with_links_into_the_formset(as_superuser, staff_world):
    plan = staff_world.plan
    data = plan_data(plan, title="", milestones=[new_milestone(title="", starts_on="17. juunil")])
    page = assert_summary_links_every_error(as_superuser.post(plan_url("plan-edit", plan), data), "form", "milestones")
    assert {"#id_title", "#id_milestones-0-title", "#id_milestones-0-starts_on"} <= set(page.links)


def test_a_formsets_own_error_is_listed_without_a_link(as_superuser, staff_world):
    plan = staff_world.plan
    data = {key: value for key, value in plan_data(plan).items() if not key.startswith("milestones-")}
    page = Page(as_superuser.post(plan_url("plan-edit", plan), data).content.decode())
    assert page.summaries == 1
    assert page.links == []
    assert any("ManagementForm" in item or "management form" in item.lower() for item in page.unlinked), page.unlinked


def test_an_indicator_with_bad_yearly_values_links_to_the_values(as_superuser, staff_world):
    indicator = staff_world.indicator
    data = indicator_data(indicator, name="", values=[{"year": "kaks", "value": "palju"}])
    url = plan_url("indicator-edit", staff_world.plan, indicator=indicator.pk)
    page = assert_summary_links_every_error(as_superuser.post(url, data), "form", "values")
    assert {"#id_name", "#id_values-0-year"} <= set(page.links)


def test_a_project_with_a_bad_event_links_to_the_project_and_the_event_fields(as_superuser, staff_world):
    url = reverse("projects-staff:create", kwargs={"region": staff_world.region.slug})
    data = {"name": "", **_management(["partners", "components", "events", "outputs"], {"events": {"date": "x"}})}
    page = assert_summary_links_every_error(as_superuser.post(url, data), "form", "formsets")
    assert {"#id_name", "#id_events-0-title", "#id_events-0-date"} <= set(page.links)


def test_an_invalid_edit_form_of_a_project_has_the_summary_too(as_superuser, staff_world):
    project = staff_world.project
    url = reverse("projects-staff:edit", kwargs={"region": staff_world.region.slug, "project": project.slug})
    data = {"name": "", "version": str(project.version), **_management(["partners", "components", "events", "outputs"])}
    assert_summary_links_every_error(as_superuser.post(url, data), "form", "formsets")


def test_a_rejection_without_a_reason_has_a_summary_linking_to_the_reason(as_superuser, staff_world):
    url = _windows_url("comment-moderate", staff_world, pk=staff_world.comment.pk)
    page = assert_summary_links_every_error(as_superuser.post(url, {"action": "reject"}), "reject_form")
    assert page.links == ["#id_reason"]


def test_a_step_the_plan_cannot_take_has_a_summary_without_links_to_inputs_the_page_has_not(as_superuser, staff_world):
    response = as_superuser.post(plan_url("plan-status", staff_world.plan), {"status": "nonsense", "version": "1"})
    page = Page(response.content.decode())
    assert page.summaries == 1 and page.links == []
    assert page.title.startswith("Error: ")
    assert "Choose one of the offered steps." in response.content.decode()


def test_an_unknown_filter_value_has_a_summary_on_the_queue_and_the_audit_log(as_superuser, staff_world):
    queue = as_superuser.get(_windows_url("queue", staff_world), {"state": "nonsense"})
    assert Page(queue.content.decode()).links == ["#id_state"]
    audit = as_superuser.get(reverse("staff:audit"), {"action": "nonsense"})
    assert Page(audit.content.decode()).links == ["#id_action"]


# --- Account forms -------------------------------------------------------------------------------------------


def test_a_wrong_password_at_login_is_listed_without_a_link_and_an_empty_one_links_to_the_field(client, editor):
    wrong = Page(client.post(reverse("staff:login"), {"username": editor.username, "password": "x"}).content.decode())
    assert wrong.summaries == 1 and wrong.links == [] and len(wrong.unlinked) == 1
    empty = client.post(reverse("staff:login"), {"username": editor.username, "password": ""})
    assert assert_summary_links_every_error(empty, "form").links == ["#id_password"]


def test_a_bad_code_at_the_second_login_step_has_a_summary(client, editor):
    TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    client.post(reverse("staff:login"), {"username": editor.username, "password": TEST_PASSWORD})
    response = client.post(reverse("staff:login-verify"), {"token": "12"})
    assert assert_summary_links_every_error(response, "form").links == ["#id_token"]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("staff:password-change", {"old_password": "wrong", "new_password1": "a", "new_password2": "b"}),
        ("staff:two-factor-setup", {"token": "12"}),
    ],
)
def test_an_invalid_account_form_has_a_summary(client, editor, name, data):
    client.force_login(editor)
    assert_summary_links_every_error(client.post(reverse(name), data), "form")


def test_turning_two_step_verification_off_with_a_wrong_password_has_a_summary(client, editor):
    TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    client.force_login(editor)
    response = client.post(reverse("staff:two-factor-disable"), {"password": "wrong"})
    assert assert_summary_links_every_error(response, "form").links == ["#id_password"]


def test_an_invalid_address_for_a_password_reset_has_a_summary(client, db):
    assert_summary_links_every_error(client.post(reverse("staff:password-reset"), {"email": "mari@"}), "form")


def test_two_different_new_passwords_from_a_reset_link_have_a_summary(client, editor):
    uid = urlsafe_base64_encode(force_bytes(editor.pk))
    token = default_token_generator.make_token(editor)
    form_page = client.get(reverse("staff:password-reset-confirm", kwargs={"uidb64": uid, "token": token}), follow=True)
    response = client.post(form_page.redirect_chain[-1][0], {"new_password1": "a", "new_password2": "b"})
    assert_summary_links_every_error(response, "form")


@pytest.mark.parametrize(("language", "prefix"), [("et", "Viga: "), ("en", "Error: "), ("fi", "Virhe: ")])
def test_the_error_title_is_in_the_language_of_the_page_and_only_after_errors(
    as_superuser, staff_world, language, prefix
):
    with translation.override(language):
        url = _plans_url("organisation-create", staff_world)
    empty = Page(as_superuser.get(url).content.decode())
    assert empty.summaries == 0 and not empty.title.startswith(prefix)
    page = Page(as_superuser.post(url, {"name": ""}).content.decode())
    assert page.title.startswith(prefix)
    assert page.summaries == 1
