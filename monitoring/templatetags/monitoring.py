"""The yearly follow-up on the plans' pages: plans templates load this library, so plans never imports monitoring.

    {% load monitoring %}{% indicator_status indicator as status %}

The tags read only prefetched rows when the view prefetched ``values`` and ``statistics_source__values`` of the
indicators (plans/selectors.py does, by the relations' names): no query per indicator.
"""

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from core.templatetags.portal import quantity
from monitoring.statistics.status import IndicatorStatus, statuses_for
from plans.charts import indicator_chart

register = template.Library()


@register.simple_tag
def indicator_status(indicator, year=None) -> IndicatorStatus:
    (status,) = statuses_for([indicator], year=year)
    return status


@register.simple_tag
def municipality_statistics(indicators, municipality) -> list[dict]:
    """One row per bound indicator with a value: the municipality's, its region's and the country's in the
    region's latest year (an indicator of several of the municipality's activities once)."""
    unique = list({indicator.pk: indicator for indicator in indicators}.values())
    rows = []
    for status in statuses_for(unique):
        if status.source is None or status.latest_year is None:
            continue
        rows.append(
            {
                "status": status,
                "municipality": status.value_in(status.municipality(municipality.slug)),
                "region": status.latest_value,
                "country": status.value_in(status.country),
            }
        )
    return rows


@register.simple_tag
def statistics_chart(status: IndicatorStatus, width=320, height=140):
    """The region's fetched values as bars, the country's as a line beside them (a table repeats both)."""
    country = status.country
    others = [(country.name, country.values)] if country is not None and country.values else []
    return indicator_chart(
        status.indicator, width=int(width), height=int(height), values=status.own.values, others=others
    )


@register.filter
def signed(value) -> str:
    """A change with its sign: +1,5 or −1,5 (a true minus sign), 0 without one."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    shown = quantity(abs(value), "auto")
    if value > 0:
        return f"+{shown}"
    if value < 0:
        return f"\u2212{shown}"
    return shown


@register.filter
def statistics_error(source) -> str:
    """The source's last error in the reader's language (monitoring.statistics.errors)."""
    if not source.error_code:
        return ""
    from monitoring.statistics.errors import error_message

    return error_message(source.error_code, source.error_params or {})


@register.filter
def on_track_text(status: IndicatorStatus) -> str:
    if status.on_track is None:
        return _("not enough data yet")
    return _("on track") if status.on_track else _("off track")


@register.filter
def value_in_country(status: IndicatorStatus):
    """The country's value in the same year as the region's latest."""
    return status.value_in(status.country)


@register.filter
def series_years(status: IndicatorStatus) -> list[dict]:
    """The years of the plan's own series and the country's, oldest first, with each one's value (or None)."""
    country = status.country
    own = status.own.values
    compared = country.values if country is not None else {}
    return [{"year": year, "own": own.get(year), "country": compared.get(year)} for year in sorted({*own, *compared})]


@register.filter
def year_value(values: dict, year):
    return values.get(year) if values else None
