"""Every interface string is translated into Estonian and Finnish, and the committed .mo files match the .po files."""

import gettext
import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parent.parent / "locale"
STRING = re.compile(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?|msgctxt) "(.*)"$')


def read_po(path: Path) -> list[dict]:
    """Entries of a .po file as {keyword: text, "flags": ...}; enough of the format for these checks."""
    entries, entry, key = [], {"flags": ""}, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if "msgid" in entry:
                entries.append(entry)
            entry, key = {"flags": ""}, None
        elif line.startswith("#,"):
            entry["flags"] += line
        elif line.startswith("#"):
            continue
        elif match := STRING.match(line):
            key = match.group(1)
            entry[key] = match.group(2)
        elif line.startswith('"') and key:
            entry[key] += line[1:-1]
    for found in entries:
        for name, text in found.items():
            if name != "flags":
                found[name] = text.replace('\\"', '"').replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\")
    return [e for e in entries if e["msgid"]]  # the header has an empty msgid


@pytest.mark.parametrize("language", ["et", "fi"])
def test_every_string_is_translated_and_none_is_fuzzy(language):
    entries = read_po(LOCALE / language / "LC_MESSAGES" / "django.po")
    assert entries
    untranslated = [e["msgid"] for e in entries if not any(v for k, v in e.items() if k.startswith("msgstr"))]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("language", ["et", "fi"])
def test_compiled_catalogue_holds_every_string_of_the_po_file(language):
    folder = LOCALE / language / "LC_MESSAGES"
    with open(folder / "django.mo", "rb") as mo:
        catalogue = gettext.GNUTranslations(mo)._catalog
    compiled = {key[0] if isinstance(key, tuple) else key for key in catalogue}
    compiled = {key.split("\x04", 1)[-1] for key in compiled}  # msgctxt is joined to the msgid with \x04
    missing = [e["msgid"] for e in read_po(folder / "django.po") if e["msgid"] not in compiled]
    assert missing == [], "run `make messages` (compilemessages) and commit the .mo file"
