from django import template

from plans.charts import indicator_chart as chart

register = template.Library()


@register.simple_tag
def indicator_chart(indicator, width=320, height=140):
    """An indicator's yearly values as an inline SVG chart (see plans.charts); pair it with a table."""
    return chart(indicator, width=int(width), height=int(height))
