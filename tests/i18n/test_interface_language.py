"""Every word of the interface in the visitor's language: no translated text is fixed at import time (in whatever
language was active then), and the English and Finnish form pages hold no Estonian interface text."""

import ast
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from tests.i18n.html_language import runs_outside
from tests.staff.conftest import staff_world  # noqa: F401  (fixture)
from tests.staff.test_permission_matrix import PAGES as STAFF_PAGES
from tests.test_translations import LOCALE, read_po

ROOT = Path(__file__).resolve().parents[2]
APPS = ["plans", "projects", "consultations", "themes", "accounts", "search", "pages", "welfare_portal"]
EAGER = {"gettext", "ngettext", "pgettext", "npgettext"}
LAZY = {"gettext_lazy", "ngettext_lazy", "pgettext_lazy", "npgettext_lazy"}
BUILT_AT_IMPORT = {"FormHelper", "Layout", "Submit", "str", "format", "join", "capfirst", "format_html"}


def _import_time_translations(path: Path) -> list[str]:
    """Lines of a module that turn a translation into text outside any function: at import time."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    eager, lazy = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            for alias in node.names:
                if alias.name in EAGER:
                    eager.add(alias.asname or alias.name)
                elif alias.name in LAZY:
                    lazy.add(alias.asname or alias.name)
    found = []

    def names(node):
        return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}

    # The module's own functions that translate or build a layout: calling one at import time fixes its text.
    translating = {
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and names(node) & (eager | lazy | {"FormHelper", "Layout", "Submit"})
    }

    def visit(node):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            return  # runs per call, in the language of the request
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in eager:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}() at import time")
            elif name in translating:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}() translates, called at import time")
            elif name in BUILT_AT_IMPORT and names(node) & (lazy | eager):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}() of a translation at import time")
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mod, ast.Add)) and names(node) & lazy:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: a lazy translation formatted at import time")
        if isinstance(node, ast.JoinedStr) and names(node) & lazy:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: a lazy translation in an f-string at import time")
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def test_no_module_turns_a_translation_into_text_at_import_time():
    modules = [path for app in APPS for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts]
    assert modules
    found = [line for path in modules for line in _import_time_translations(path)]
    assert found == []


def test_the_import_time_check_finds_a_layout_built_at_import(tmp_path, monkeypatch):
    module = ROOT / "plans" / "_import_time_example.py"
    code = (
        "from django.utils.translation import gettext_lazy as _\n"
        "HELP = _('Between %(min)s and %(max)s characters.') % {'min': 1, 'max': 2}\n"
        "class Form:\n    helper = FormHelper(Submit('submit', _('Send')))\n"
        "def build_helper():\n    return FormHelper(Submit('submit', _('Send')))\n"
        "class OtherForm:\n    helper = build_helper()\n"
    )
    monkeypatch.setattr(Path, "read_text", lambda self, encoding=None: code)
    found = _import_time_translations(module)
    assert {line.split(":")[1] for line in found} == {"2", "4", "8"}


def _estonian_interface_texts() -> list[str]:
    """Estonian translations of the catalogue long enough not to be a word of content by chance."""
    english = {e["msgid"] for e in read_po(LOCALE / "et" / "LC_MESSAGES" / "django.po")}
    texts = set()
    for entry in read_po(LOCALE / "et" / "LC_MESSAGES" / "django.po"):
        for key, value in entry.items():
            if not key.startswith("msgstr") or value in english:
                continue
            for part in re.split(r"%\(\w+\)[sd]|\{\w*\}|[\n“”]", value):
                part = part.strip(" .,:;()–-")
                if len(part) >= 16 and " " in part:
                    texts.add(part)
    return sorted(texts)


ESTONIAN = _estonian_interface_texts()


def _estonian_in(html: str) -> list[str]:
    interface = runs_outside(html, "et")
    return [text for text in ESTONIAN if text in interface]


@pytest.fixture
def public_world(staff_world):  # noqa: F811
    staff_world.plan.status = "consultation"
    staff_world.plan.save()
    return staff_world


def test_the_estonian_texts_are_found_on_an_estonian_page(client, public_world):
    # The check's own check: the texts it looks for are there on the Estonian page.
    response = client.get(public_world.window.get_absolute_url())
    assert "Saada kommentaar" in ESTONIAN
    assert [text for text in ESTONIAN if text in response.content.decode()]


PUBLIC_FORMS = {
    "comment": lambda w: reverse(
        "consultations:comment-create",
        kwargs={"region": w.region.slug, "plan": w.plan.slug, "window": w.window.pk, "theme": w.section.theme.slug},
    ),
    "window and subscription": lambda w: w.window.get_absolute_url(),
    "subscribe": lambda w: reverse("consultations:subscribe", kwargs={"region": w.region.slug}),
    "contact": lambda w: reverse("contact"),
    "search": lambda w: reverse("search") + "?q=",
    "project registry filters": lambda w: reverse("projects:list"),
}


@pytest.mark.parametrize("language", ["en", "fi"])
@pytest.mark.parametrize("page", PUBLIC_FORMS)
def test_public_form_pages_hold_no_estonian_interface_text(client, public_world, page, language):
    with translation.override(language):
        url = PUBLIC_FORMS[page](public_world)

    response = client.get(url)

    assert response.status_code == 200
    assert _estonian_in(response.content.decode()) == []


@pytest.mark.parametrize("language", ["en", "fi"])
@pytest.mark.parametrize("page", [p for p in STAFF_PAGES if p.ok_status == 200], ids=lambda p: p.name)
def test_staff_pages_hold_no_estonian_interface_text(client, staff_world, page, language):  # noqa: F811
    client.force_login(staff_world.users["superuser"])
    with translation.override(language):
        url = reverse(page.name, kwargs=page.kwargs(staff_world))

    response = client.get(url, page.query)

    assert response.status_code == 200
    assert _estonian_in(response.content.decode()) == []
