import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

THEME_COLOUR_PATTERN = re.compile(r"#[0-9A-Fa-f]{6}")


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def validate_dark_colour(colour: str) -> None:
    """White text on the theme colour must reach WCAG AA contrast (4.5:1), since badges and headers use it."""
    if not THEME_COLOUR_PATTERN.fullmatch(colour or ""):
        raise ValidationError(_("Enter a colour as # and six hex digits, e.g. #1f5f8b."), code="format")
    ratio = 1.05 / (relative_luminance(colour) + 0.05)
    if ratio < 4.5:
        raise ValidationError(
            _(
                "White text on %(colour)s has a contrast of only %(ratio)s:1; "
                "choose a darker colour (%(needed)s:1 or more)."
            ),
            code="contrast",
            params={
                "colour": colour,
                "ratio": formats.number_format(ratio, 1, use_l10n=True),
                "needed": formats.number_format(4.5, 1, use_l10n=True),
            },
        )


class Theme(models.Model):
    """A welfare theme of the shared catalogue, named in each interface language.

    Plans write their own content about a theme (a ThemeSection); the catalogue only names it, so that the
    same theme can be followed across regions.
    """

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_et = models.CharField(_("name in Estonian"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    colour = models.CharField(
        _("colour"),
        max_length=7,
        default="#1f5f8b",
        validators=[validate_dark_colour],
        help_text=_("A dark hex colour such as #1f5f8b; white text must stay readable on it."),
    )
    icon = models.SlugField(_("icon"), max_length=40, blank=True, help_text=_("Name of an icon in static/icons."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.CheckConstraint(
                condition=Q(colour__regex=r"^#[0-9A-Fa-f]{6}$"),
                name="theme_colour_is_hex",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("themes:detail", kwargs={"slug": self.slug})

    @property
    def name(self) -> str:
        return self.name_in(get_language())

    @property
    def name_language(self) -> str:
        """The language ``name`` is in: the interface language, or Estonian where the theme has no name in it."""
        language = (get_language() or "et")[:2]
        return language if getattr(self, f"name_{language}", "") else "et"

    def name_in(self, language: str | None) -> str:
        language = (language or "et")[:2]
        return getattr(self, f"name_{language}", "") or self.name_et
