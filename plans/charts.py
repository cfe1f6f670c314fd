"""Server-rendered inline SVG charts for web pages and WeasyPrint PDFs.

No JavaScript, no external resources and no CSS classes: every colour and font is an attribute, so the same
markup draws in a browser and in a PDF. Numbers are written in the interface language's format. A chart is
never the only way to read the data: templates show a table beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core.templatetags.portal import quantity

TEXT_COLOUR = "#212529"
AXIS_COLOUR = "#6c757d"
GRID_COLOUR = "#dee2e6"
BAR_COLOUR = "#0b5ed7"
BASELINE_COLOUR = "#6c757d"
TARGET_COLOUR = "#146c43"
COMPARISON_COLOURS = ["#b02a37", "#6f42c1"]
FONT = "font-family=\"'Helvetica Neue', Arial, sans-serif\""
# Colours that keep at least 3:1 contrast against white (WCAG 1.4.11 for graphical objects).
DEFAULT_COLOURS = ["#0b5ed7", "#146c43", "#b02a37", "#6f42c1", "#997404", "#0a7b83", "#ab296a", "#495057"]


def _number(value) -> str:
    return quantity(value, "auto")


def _text(x, y, content, *, size=11, anchor="start", colour=TEXT_COLOUR, weight=None) -> str:
    weight_attr = f' font-weight="{weight}"' if weight else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" {FONT} fill="{colour}" '
        f'text-anchor="{anchor}"{weight_attr}>{escape(str(content))}</text>'
    )


def _svg(width: int, height: int, title: str, desc: str, body: list[str]) -> SafeString:
    # An id-free title/desc pair keeps several charts on one page valid; role="img" makes them the accessible name.
    # Every piece of text in the chart has gone through escape() or quoteattr() above.
    return mark_safe(  # noqa: S308
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label={quoteattr(title)} focusable="false">'
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>" + "".join(body) + "</svg>"
    )


def _scale_max(values: list[Decimal]) -> Decimal:
    top = max(values, default=Decimal(0))
    return top if top > 0 else Decimal(1)


def indicator_chart(
    indicator,
    *,
    width: int = 320,
    height: int = 140,
    values: dict[int, Decimal] | None = None,
    others: list[tuple[str, dict[int, Decimal]]] = (),
) -> SafeString:
    """Yearly values of an indicator as bars, with the baseline and the target marked as dashed lines.

    Reads ``indicator.values.all()``: prefetch it when charting many indicators. ``values`` (year → value) replaces
    them (values fetched from elsewhere); ``others`` are series to compare with, drawn as dotted lines with markers.
    """
    if values is None:
        points = sorted((v.year, Decimal(v.value)) for v in indicator.values.all())
    else:
        points = sorted((year, Decimal(value)) for year, value in values.items())
    others = [(label, sorted((year, Decimal(value)) for year, value in series.items())) for label, series in others]
    baseline = Decimal(indicator.baseline_value)
    target = Decimal(indicator.target_value)
    unit = indicator.unit
    title = _("%(name)s (%(unit)s)") % {"name": indicator.name, "unit": unit}
    desc_parts = [
        _("Baseline %(value)s in %(year)s.") % {"value": _number(baseline), "year": indicator.baseline_year},
        _("Target %(value)s in %(year)s.") % {"value": _number(target), "year": indicator.target_year},
    ]
    if points:
        desc_parts.append(
            _("Values: %(values)s.") % {"values": "; ".join(f"{year}: {_number(value)}" for year, value in points)}
        )
    else:
        desc_parts.append(_("No yearly values yet."))
    for label, series in others:
        desc_parts.append(
            _("%(name)s: %(values)s.")
            % {"name": label, "values": "; ".join(f"{year}: {_number(value)}" for year, value in series)}
        )
    desc = " ".join(desc_parts)

    left, right, top, bottom = 44, 8, 16, 22
    plot_w = max(width - left - right, 10)
    plot_h = max(height - top - bottom, 10)
    compared = [value for _label, series in others for _year, value in series]
    top_value = _scale_max([baseline, target, *(value for _year, value in points), *compared])

    def y_of(value: Decimal) -> float:
        return top + plot_h - float(max(value, Decimal(0)) / top_value) * plot_h

    body = [
        # y axis: 0 and the top of the scale, and the unit above it.
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="{AXIS_COLOUR}" stroke-width="1"/>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        f'stroke="{AXIS_COLOUR}" stroke-width="1"/>',
        _text(left - 4, top + plot_h + 4, _number(0), size=10, anchor="end", colour=AXIS_COLOUR),
        _text(left - 4, top + 4, _number(top_value), size=10, anchor="end", colour=AXIS_COLOUR),
        _text(2, 10, unit, size=10, colour=AXIS_COLOUR),
    ]
    years = sorted({year for year, _value in points} | {year for _label, series in others for year, _value in series})
    slot = plot_w / max(len(years), 1)
    bar_w = max(min(slot * 0.6, 40), 2)
    if points:
        for year, value in points:
            x = left + slot * years.index(year) + (slot - bar_w) / 2
            y = y_of(value)
            body.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{top + plot_h - y:.1f}" '
                f'fill="{BAR_COLOUR}"><title>{year}: {escape(_number(value))}</title></rect>'
            )
            body.append(_text(x + bar_w / 2, y - 3, _number(value), size=9, anchor="middle"))
            body.append(_text(x + bar_w / 2, top + plot_h + 14, year, size=10, anchor="middle", colour=AXIS_COLOUR))
    else:
        body.append(_text(left + plot_w / 2, top + plot_h / 2, _("No yearly values yet."), size=11, anchor="middle"))
    own_years = {year for year, _value in points}
    for index, (label, series) in enumerate(others):
        colour = COMPARISON_COLOURS[index % len(COMPARISON_COLOURS)]
        body += _comparison_line(
            label, series, x_of=lambda year: left + slot * (years.index(year) + 0.5), y_of=y_of, colour=colour
        )
    for year in years:
        if year not in own_years:  # a year only the compared series have: the bars' loop did not name it
            body.append(
                _text(
                    left + slot * (years.index(year) + 0.5),
                    top + plot_h + 14,
                    year,
                    size=10,
                    anchor="middle",
                    colour=AXIS_COLOUR,
                )
            )
    for label, value, year, colour in (
        (_("baseline"), baseline, indicator.baseline_year, BASELINE_COLOUR),
        (_("target"), target, indicator.target_year, TARGET_COLOUR),
    ):
        y = y_of(value)
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{colour}" '
            f'stroke-width="1.5" stroke-dasharray="4 3"/>'
        )
        caption = f"{label} {_number(value)}" + ("" if year in years else f" ({year})")
        body.append(_text(left + plot_w, y - 3, caption, size=9, anchor="end", colour=colour, weight="bold"))
    return _svg(width, height, title, desc, body)


def _comparison_line(label, series, *, x_of, y_of, colour) -> list[str]:
    """A compared series: a dotted line through square markers, named at its last point (never colour alone)."""
    if not series:
        return []
    coords = [(x_of(year), y_of(value)) for year, value in series]
    body = []
    if len(coords) > 1:
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        body.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2" stroke-dasharray="2 2"/>'
        )
    for (year, value), (x, y) in zip(series, coords, strict=True):
        body.append(
            f'<rect x="{x - 3:.1f}" y="{y - 3:.1f}" width="6" height="6" fill="{colour}">'
            f"<title>{escape(str(label))} {year}: {escape(_number(value))}</title></rect>"
        )
    x, y = coords[-1]
    body.append(_text(x - 4, y + 12, f"{label} {_number(series[-1][1])}", size=9, anchor="end", colour=colour))
    return body


def bar_chart(
    rows: list[tuple[str, Decimal]],
    *,
    title: str,
    unit: str | Callable[[Decimal], str],
    colours: list[str] | None = None,
    width: int = 480,
) -> SafeString:
    """Horizontal bars, one a row, the label on the left and the value (with its unit) printed beside the bar.

    ``unit`` is a symbol written after every value ("€", "htv"), or a function giving a value's whole text, for a
    unit that is a word with a plural form ("1 comment", "2 comments": ngettext).
    """

    def with_unit(value) -> str:
        return unit(value) if callable(unit) else f"{_number(value)} {unit}".strip()

    colours = colours or DEFAULT_COLOURS
    row_h, gap, top = 22, 6, 6
    label_w = min(max(int(width * 0.35), 80), 220)
    value_w = 90
    bar_space = max(width - label_w - value_w - 8, 20)
    height = top * 2 + max(len(rows), 1) * (row_h + gap)
    top_value = _scale_max([Decimal(value) for _label, value in rows])
    desc = "; ".join(f"{label}: {with_unit(value)}" for label, value in rows) if rows else _("No data.")
    max_chars = max(label_w // 7, 6)  # about 6.5px a character at font-size 11
    body = []
    if not rows:
        body.append(_text(width / 2, top + row_h / 2 + 4, _("No data."), anchor="middle"))
    for index, (label, value) in enumerate(rows):
        value = Decimal(value)
        y = top + index * (row_h + gap)
        label = str(label)
        shown = label if len(label) <= max_chars else label[: max_chars - 1] + "…"
        bar_w = float(max(value, Decimal(0)) / top_value) * bar_space
        colour = colours[index % len(colours)]
        body.append(_text(label_w - 6, y + row_h / 2 + 4, shown, anchor="end"))
        body.append(
            f'<rect x="{label_w}" y="{y}" width="{max(bar_w, 1):.1f}" height="{row_h}" fill="{colour}">'
            f"<title>{escape(label)}: {escape(with_unit(value))}</title></rect>"
        )
        body.append(_text(label_w + bar_w + 4, y + row_h / 2 + 4, with_unit(value)))
    return _svg(width, height, title, desc, body)


# --- Funding of projects -----------------------------------------------------------------------------------------
# The figures are read here, through field names only, so that the region and municipality pages of this app and the
# registry of the projects app (which builds on this one) chart the same numbers without plans importing projects.
# Bars show the grant; the table beside each chart also gives the number of projects and their total cost.


def _funding_row(
    label: str, count: int, total_cost, grant, *, url: str = "", colour: str = "", unknown: tuple[int, int] = (0, 0)
) -> dict:
    """A row of sums; a sum is None when no project's amount is known, and ``*_unknown`` counts those left out."""
    return {
        "label": label,
        "url": url,
        "colour": colour,
        "count": count,
        "total_cost": total_cost,
        "grant": grant,
        "total_cost_unknown": unknown[0],
        "grant_unknown": unknown[1],
    }


def _sums(rows, *order):
    from django.db.models import Count, Q, Sum

    return rows.annotate(
        count=Count("pk"),
        total=Sum("total_cost"),
        grant=Sum("grant_amount"),
        total_unknown=Count("pk", filter=Q(total_cost__isnull=True)),
        grant_unknown=Count("pk", filter=Q(grant_amount__isnull=True)),
    ).order_by(*order)


def _unknown(row) -> tuple[int, int]:
    return row["total_unknown"], row["grant_unknown"]


def funding_by_theme(projects) -> list[dict]:
    """One row per theme the projects serve; a project serving two themes counts in full under each."""
    from django.utils.translation import get_language

    language = (get_language() or "et")[:2]
    fields = ["themes__slug", "themes__name_et", "themes__name_en", "themes__name_fi", "themes__colour"]
    rows, without_theme = [], []
    for row in _sums(projects.values(*fields, "themes__position"), "themes__position", "themes__slug"):
        if row["themes__slug"] is None:
            without_theme.append(
                _funding_row(_("No theme given"), row["count"], row["total"], row["grant"], unknown=_unknown(row))
            )
            continue
        name = row.get(f"themes__name_{language}") or row["themes__name_et"]
        rows.append(
            _funding_row(
                name,
                row["count"],
                row["total"],
                row["grant"],
                colour=row["themes__colour"] or "",
                unknown=_unknown(row),
            )
            | {"slug": row["themes__slug"]}
        )
    return rows + without_theme


def funding_by_funder(projects) -> list[dict]:
    """One row per funder, the largest grant first; every project has exactly one funder, so the rows add up."""
    from django.db.models import F

    rows = _sums(
        projects.values("funder__slug", "funder__name", "funder__short_name"),
        F("grant").desc(nulls_last=True),
        "funder__name",
    )
    return [
        _funding_row(
            row["funder__short_name"] or row["funder__name"],
            row["count"],
            row["total"],
            row["grant"],
            unknown=_unknown(row),
        )
        | {"slug": row["funder__slug"]}
        for row in rows
    ]


def funding_by_year(projects) -> list[dict]:
    """One row per year in which projects start: a project counts in full in its first year, so the rows add up."""
    from django.db.models import F
    from django.db.models.functions import ExtractYear

    rows = _sums(projects.values(year=ExtractYear("start_date")), F("year").asc(nulls_last=True))
    return [
        _funding_row(
            _("Start date not known") if row["year"] is None else str(row["year"]),
            row["count"],
            row["total"],
            row["grant"],
            unknown=_unknown(row),
        )
        for row in rows
    ]


def funding_by_municipality(projects) -> list[dict]:
    """One row per municipality whose government takes part in the projects (in any role).

    A project with three municipalities counts in full for each of them, so the rows do not add up to the total.
    The pairs are read once and summed here: a municipality taking part in two roles must not count twice.
    """
    pairs = (
        projects.filter(partners__organisation__kind="municipality")
        .values(
            "pk",
            "total_cost",
            "grant_amount",
            "partners__organisation__municipality__pk",
            "partners__organisation__municipality__name",
        )
        .order_by()
        .distinct()
    )
    by_municipality: dict[int, dict] = {}
    for pair in pairs:
        key = pair["partners__organisation__municipality__pk"]
        row = by_municipality.setdefault(
            key, _funding_row(pair["partners__organisation__municipality__name"], 0, None, None)
        )
        row["count"] += 1
        for amount, field in (("total_cost", "total_cost"), ("grant", "grant_amount")):
            if pair[field] is None:
                row[f"{amount}_unknown"] += 1
            else:
                row[amount] = (row[amount] or Decimal(0)) + pair[field]
    return sorted(by_municipality.values(), key=lambda row: (row["grant"] is None, -(row["grant"] or 0), row["label"]))


FUNDING_GROUPS = {
    "theme": funding_by_theme,
    "funder": funding_by_funder,
    "year": funding_by_year,
    "municipality": funding_by_municipality,
}


def funding_figures(projects, *, groups=("theme", "funder", "year", "municipality")) -> list[dict]:
    """Charts and table rows of the grants of ``projects`` (a queryset) by theme, funder, start year, municipality.

    Each figure is a dict: ``key``, ``title``, ``note`` (how the projects are counted), ``rows`` and ``chart`` (an
    inline SVG of the grants). One query per group, whatever the number of projects.
    """
    # Filters across relations may repeat a project; summing over a plain set of ids never does.
    distinct = projects.model.objects.filter(pk__in=projects.values("pk"))
    titles = {
        "theme": (_("Grants by theme"), _("A project serving several themes counts in full under each of them.")),
        "funder": (_("Grants by funder"), _("Every project has one funder: the rows add up to the total.")),
        "year": (
            _("Grants by start year"),
            _("A project counts in full in the year it starts: the rows add up to the total."),
        ),
        "municipality": (
            _("Grants by municipality"),
            _(
                "A project counts for each municipality whose government takes part in it, in full for each: "
                "the rows do not add up to the total."
            ),
        ),
    }
    figures = []
    for key in groups:
        rows = FUNDING_GROUPS[key](distinct)
        title, note = titles[key]
        # A row whose grants are all unknown has no bar (a 0 bar would say "no grant"); its table row says so.
        charted = [row for row in rows if row["grant"] is not None]
        colours = [row["colour"] for row in charted] if charted and all(row["colour"] for row in charted) else None
        figures.append(
            {
                "key": key,
                "title": title,
                "note": note,
                "rows": rows,
                "chart": bar_chart(
                    [(row["label"], row["grant"]) for row in charted], title=title, unit="€", colours=colours
                ),
            }
        )
    return figures
