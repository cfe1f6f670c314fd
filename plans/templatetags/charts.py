from django import template

from plans.charts import indicator_chart as chart

register = template.Library()


@register.simple_tag
def indicator_chart(indicator, width=None, height=None):
    """An indicator's yearly values as an inline SVG chart (see plans.charts for its sizes); pair it with a table."""
    sizes = {"width": int(width)} if width else {}
    if height:
        sizes["height"] = int(height)
    return chart(indicator, **sizes)
