"""Formatting shared by every page: money and quantities in the interface language's conventions."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import formats, timezone
from django.utils.translation import get_language

from core import content_language

register = template.Library()


def _rounded(value: Decimal, places: int) -> Decimal:
    # Django's number_format cuts extra decimals off instead of rounding (201 669,95 would become 201 669).
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@register.filter
def money(value, places=2):
    """29952 → '29 952,00 €' in Estonian and Finnish, '€29,952.00' in English; '' for None."""
    if value is None or value == "":
        return ""
    places = int(places)
    amount = formats.number_format(_rounded(Decimal(value), places), places, use_l10n=True, force_grouping=True)
    if (get_language() or "et").startswith("en"):
        return f"€{amount}"
    return f"{amount}\xa0€"


@register.filter
def quantity(value, places=1):
    """A decimal quantity such as person-years, grouped and in the locale's decimal separator.

    With ``places="auto"`` it shows as many decimals as the value has, at most two: 6.00 → 6, 12.50 → 12,5.
    """
    if value is None or value == "":
        return ""
    value = Decimal(value)
    if places == "auto":
        exponent = value.normalize().as_tuple().exponent
        places = min(2, max(0, -exponent)) if isinstance(exponent, int) else 0
    places = int(places)
    return formats.number_format(_rounded(value, places), places, use_l10n=True, force_grouping=True)


@register.simple_tag(takes_context=True)
def url_in_language(context, language):
    """The current page in another interface language (the switcher keeps the page)."""
    request = context["request"]
    return translate_url(request.get_full_path(), language)


@register.simple_tag
def portal_operator():
    """Who runs the portal, for the footer of every page: ``{"name": ..., "email": ...}`` from the settings
    (PORTAL_OPERATOR_NAME may be empty; the contact page says more)."""
    return {"name": settings.PORTAL_OPERATOR_NAME, "email": settings.PORTAL_OPERATOR_EMAIL}


@register.simple_tag(takes_context=True)
def page_region(context):
    """The region a page belongs to, for the header: the page's ``region``, else the region of its ``plan``,
    ``project`` or ``municipality`` (each already loaded with it by its view); None elsewhere."""
    for name, path in (("region", ()), ("plan", ("region",)), ("project", ("region",)), ("municipality", ("region",))):
        value = context.get(name)
        for attribute in path:
            value = getattr(value, attribute, None)
        if hasattr(value, "get_absolute_url") and getattr(value, "name", None):
            return value
    return None


@register.simple_tag
def theme_icon(icon, size=24):
    """A theme's decorative icon as inline SVG (hidden from assistive technology: the theme's name is beside it)."""
    from django.template.loader import render_to_string

    return render_to_string("includes/theme_icon.html", {"icon": icon, "size": int(size)})


@register.simple_tag
def content_lang(language):
    """`` lang="xx"`` for an element of content written in ``language`` where the page is in another language:
    ``<p{% content_lang plan %}>`` (core.content_language)."""
    return content_language.content_lang(language)


@register.filter
def closing(window):
    """When a consultation window closes, as its last open minute in its region's time zone (see core.moments);
    a naive local time for the date filter: ``{{ window|closing|date:"DATETIME_FORMAT" }}`` shows a window closing
    at 00:00 on 4 February as "3 February 2027, 23:59"."""
    from core.moments import last_open_moment

    return last_open_moment(window.closes_at, window.plan.region.zone).replace(tzinfo=None)


@register.filter
def in_region_time(moment, region):
    """A moment as the region's wall-clock time (settings.TIME_ZONE without a region), for the date filter."""
    if not moment:
        return moment
    return timezone.localtime(moment, region.zone if region else timezone.get_default_timezone()).replace(tzinfo=None)


@register.filter
def audit_detail(event):
    """An audit event's details in the reader's language and the region's time zone (core.audit)."""
    from core.audit import audit_detail as describe

    return describe(event)


@register.filter
def change_reason(reason):
    """A version's change reason: a restore in the reader's language and time zone, free text as it is."""
    from core.audit import change_reason as describe

    return describe(reason)


@register.filter
def in_language(text, language):
    """Content text in a ``<span lang>`` where the page is in another language, for text inside interface
    sentences: ``{% blocktranslate with theme=section.title|in_language:plan %}`` (core.content_language)."""
    return content_language.in_language(text, language)
