"""The demo data files: every record taken from a seed says which seed file and lines it comes from."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from demo.loader import demo_data

# The seeds live in shared/ beside the repository (a CI run gets a copy there too), not in the repository.
SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"
# "000_4d94c3d2c08cd9f9.txt, line 28", "…, lines 9, 14" or "…, lines 5–37"
REFERENCE = re.compile(
    r"(?P<file>\d{3}_[0-9a-f]{16}\.txt), (?:line (?P<line>\d+)|lines (?P<lines>\d+(?:(?:, |–)\d+)+))"
)


def mappings(value) -> Iterator[dict]:
    if isinstance(value, dict):
        yield value
        for nested in value.values():
            yield from mappings(nested)
    elif isinstance(value, list):
        for nested in value:
            yield from mappings(nested)


def seed_references() -> list[tuple[str, str]]:
    found = []
    for name, content in demo_data():
        for record in mappings(content):
            sources = record.get("source", [])
            found.extend((name, source) for source in (sources if isinstance(sources, list) else [sources]))
    return found


def cited_lines(reference: str) -> tuple[str, list[int]]:
    match = REFERENCE.fullmatch(reference)
    numbers = match["line"] or match["lines"]
    return match["file"], [int(n) for n in re.split(r", |–", numbers)]


def test_seed_references_name_a_seed_file_and_its_lines():
    references = seed_references()

    assert len(references) > 150
    assert [(name, ref) for name, ref in references if not REFERENCE.fullmatch(ref)] == []
    # Every file holds seed facts, but for the staff users and the demonstration consultations.
    assert {name for name, _ref in references} == {
        "10-themes.yaml",
        "20-places.yaml",
        "30-organisations.yaml",
        "50-plan-vorumaa.yaml",
        "51-plan-pohjois-karjala.yaml",
        "70-projects.yaml",
    }


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the seed documents are not at {SEEDS}")
def test_every_seed_reference_points_to_an_existing_seed_file_and_lines_with_text():
    seeds = {path.name: path.read_text("utf-8").splitlines() for path in SEEDS.glob("*.txt")}
    wrong = []
    for name, reference in seed_references():
        seed, numbers = cited_lines(reference)
        if seed not in seeds:
            wrong.append((name, reference, "no such seed file"))
        elif not all(1 <= n <= len(seeds[seed]) and seeds[seed][n - 1].strip() for n in numbers):
            wrong.append((name, reference, "no such line, or a blank one"))

    assert wrong == []
    assert {cited_lines(reference)[0] for _name, reference in seed_references()} == set(seeds)
