"""How a project's period reads when one or both of its dates are not known yet."""

from django import template
from django.utils import formats
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def period(project, date_format="SHORT_DATE_FORMAT"):
    """'02.08.2021–01.08.2022'; one date or none known says so ("not known") instead of inventing the other."""
    start, end = project.start_date, project.end_date
    if start and end:
        return f"{formats.date_format(start, date_format)}–{formats.date_format(end, date_format)}"
    if start:
        return _("from %(start)s, end not known") % {"start": formats.date_format(start, date_format)}
    if end:
        return _("until %(end)s, start not known") % {"end": formats.date_format(end, date_format)}
    return _("not known")
