import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from themes.models import validate_dark_colour


@pytest.mark.parametrize("colour", ["#1f5f8b", "#000000", "#6b2d5c", "#767676"])
def test_dark_colour_with_readable_white_text_is_accepted(colour):
    validate_dark_colour(colour)


@pytest.mark.parametrize("colour", ["#ffff00", "#ffffff", "#77aadd", "#777777"])
def test_light_colour_is_refused_with_its_contrast_in_the_users_locale(colour):
    with translation.override("et"), pytest.raises(ValidationError) as refused:
        validate_dark_colour(colour)
    assert refused.value.code == "contrast"
    assert "4,5:1" in refused.value.messages[0]


@pytest.mark.parametrize("colour", ["", "1f5f8b", "#1f5f8", "#1f5f8bb", "#gggggg", "<script>"])
def test_colour_that_is_not_six_hex_digits_is_refused(colour):
    with pytest.raises(ValidationError) as refused:
        validate_dark_colour(colour)
    assert refused.value.code == "format"
