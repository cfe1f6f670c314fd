"""`manage.py create_region`: the first region of a new portal, from the command line."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from core.models import Region
from tests.factories import RegionFactory

pytestmark = pytest.mark.django_db


def _create_region(*args):
    out = StringIO()
    call_command("create_region", *args, stdout=out)
    return out.getvalue()


def test_create_region_creates_an_estonian_county_with_the_country_defaults():
    output = _create_region("vorumaa", "--name", "Võrumaa")

    region = Region.objects.get(slug="vorumaa")
    assert (region.name, region.kind, region.country, region.language, region.timezone) == (
        "Võrumaa",
        "county",
        "EE",
        "et",
        "Europe/Tallinn",
    )
    assert "Created the region Võrumaa" in output


def test_create_region_for_finland_defaults_to_a_finnish_maakunta_in_helsinki_time():
    _create_region("kymenlaakso", "--name", "Kymenlaakso", "--country", "FI")

    region = Region.objects.get(slug="kymenlaakso")
    assert (region.kind, region.language, region.timezone) == ("region", "fi", "Europe/Helsinki")


def test_create_region_twice_with_the_same_values_changes_nothing():
    _create_region("vorumaa", "--name", "Võrumaa")
    output = _create_region("vorumaa", "--name", "Võrumaa")

    assert Region.objects.filter(slug="vorumaa").count() == 1
    assert "already exists; nothing changed" in output


def test_create_region_leaves_an_existing_region_with_other_values_alone_and_says_so():
    RegionFactory(slug="vorumaa", name="Võrumaa")

    with pytest.raises(CommandError, match=r"already exists with other values \(name='Võrumaa'\)"):
        _create_region("vorumaa", "--name", "Võru maakond")

    assert Region.objects.get(slug="vorumaa").name == "Võrumaa"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Võru maa", "--name", "Võrumaa"], "Cannot create the region: slug"),
        (["vorumaa", "--name", "Võrumaa", "--country", "LV"], "Unknown country 'LV'"),
        (["vorumaa", "--name", "Võrumaa", "--kind", "state"], "Cannot create the region: kind"),
        (["vorumaa", "--name", "Võrumaa", "--timezone", "Europe/Voru"], "Unknown time zone 'Europe/Voru'"),
        (["vorumaa", "--name", " "], "Cannot create the region: name"),
    ],
)
def test_create_region_refuses_bad_input_with_a_clear_message_and_creates_nothing(args, message):
    with pytest.raises(CommandError, match=message):
        _create_region(*args)

    assert not Region.objects.exists()
