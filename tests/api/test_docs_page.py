"""The API documentation page speaks the reader's language; the OpenAPI document stays in English."""

import struct
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.functional import Promise

from plans.api import ENDPOINTS, PAGINATION_PARAMETERS, openapi_document

pytestmark = pytest.mark.django_db

THEMES_SUMMARY = "The shared catalogue of welfare themes."
# A private catalogue, so that these tests do not depend on the project's translations being compiled.
CATALOGUES = {
    "fi": {
        THEMES_SUMMARY: "Hyvinvointiteemojen yhteinen luettelo.",
        "API data type\x04integer": "kokonaisluku",
        "Rows per page, 1–{maximum} (clamped); default {default}.": "Rivejä sivulla 1–{maximum}; oletus {default}.",
    },
    "et": {THEMES_SUMMARY: "Heaoluteemade ühine kataloog."},
}


def write_catalogue(path: Path, messages: dict[str, str]) -> None:
    """``messages`` compiled into a GNU .mo file at ``path`` (the layout msgfmt writes, without a hash table)."""
    messages = {"": "Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=(n != 1);\n", **messages}
    keys = sorted(messages)
    start = 28 + 16 * len(keys)  # after the header and the two tables of (length, offset)
    table, blob = [], b""
    for text in [key.encode() for key in keys] + [messages[key].encode() for key in keys]:
        table += [len(text), start + len(blob)]
        blob += text + b"\0"
    header = struct.pack("<7I", 0x950412DE, 0, len(keys), 28, 28 + 8 * len(keys), 0, 0)
    path.parent.mkdir(parents=True)
    path.write_bytes(header + struct.pack(f"<{len(table)}I", *table) + blob)


@pytest.fixture
def private_catalogues(settings, tmp_path):
    for language, messages in CATALOGUES.items():
        write_catalogue(tmp_path / language / "LC_MESSAGES" / "django.mo", messages)
    # The first path wins; changing the setting clears Django's cache of loaded catalogues.
    settings.LOCALE_PATHS = [tmp_path, *settings.LOCALE_PATHS]


def test_every_summary_and_description_is_a_lazy_translation():
    items = [*PAGINATION_PARAMETERS]
    for endpoint in ENDPOINTS:
        assert isinstance(endpoint.summary, Promise), endpoint.name
        items += [*endpoint.fields, *endpoint.filters, *endpoint.path_parameters]
    assert [item.name for item in items if not isinstance(item.description, Promise)] == []


def test_docs_page_shows_summaries_descriptions_and_types_in_the_readers_language(client, private_catalogues):
    html = client.get("/fi/api/").content.decode()
    assert "<p>Hyvinvointiteemojen yhteinen luettelo.</p>" in html
    assert THEMES_SUMMARY not in html
    assert '<th scope="row"><code>page</code></th><td>kokonaisluku</td>' in html
    assert "<td>Rivejä sivulla 1–100; oletus 50.</td>" in html
    # Nothing on the page is marked as English any more.
    assert '<p lang="en">' not in html
    assert '<td lang="en">' not in html


def test_english_docs_page_shows_english_descriptions_and_type_names(client, private_catalogues):
    html = client.get("/en/api/").content.decode()
    assert f"<p>{THEMES_SUMMARY}</p>" in html
    assert '<th scope="row"><code>page</code></th><td>integer</td>' in html
    assert "<td>Rows per page, 1–100 (clamped); default 50.</td>" in html
    assert '<th scope="row"><code>updated_at</code></th><td>date and time</td>' in html


@pytest.mark.parametrize("language", ["fi", "et", "en"])
def test_openapi_document_stays_english_whatever_language_is_active(private_catalogues, language):
    with translation.override(language):
        document = openapi_document("http://testserver/api/v1")
    assert document["paths"]["/themes/"]["get"]["summary"] == THEMES_SUMMARY
    page_size = document["paths"]["/themes/"]["get"]["parameters"][1]
    assert page_size["description"] == "Rows per page, 1–100 (clamped); default 50."
    assert page_size["schema"] == {"type": "integer"}
    assert document["components"]["schemas"]["Plans"]["properties"]["updated_at"]["format"] == "date-time"


def test_openapi_endpoint_answers_in_english_although_the_api_runs_in_estonian(client, private_catalogues):
    document = client.get("/api/v1/openapi.json", HTTP_ACCEPT_LANGUAGE="fi").json()
    assert document["paths"]["/themes/"]["get"]["summary"] == THEMES_SUMMARY
    assert "Heaoluteemade" not in str(document)
