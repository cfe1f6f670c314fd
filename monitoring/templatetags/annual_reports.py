"""The annual reports on the plans' pages (plans never imports monitoring): which years of a plan have one.

    {% load annual_reports %}{% annual_report_years plan as years %}

No query: the years come from the plan's period and today's date in its region.
"""

from django import template

from monitoring.report.selectors import reported_years

register = template.Library()


@register.simple_tag
def annual_report_years(plan) -> list[int]:
    """The plan's years up to the current one, the newest first."""
    return reported_years(plan)[::-1]


@register.simple_tag
def annual_report_latest_year(plan) -> int:
    """The newest year with a report, or the plan's first year before the plan has started."""
    years = reported_years(plan)
    return years[-1] if years else plan.start_year
