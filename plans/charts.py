"""Server-rendered inline SVG charts for web pages and WeasyPrint PDFs.

No JavaScript, no external resources and no CSS classes: every colour and font is an attribute, so the same
markup draws in a browser and in a PDF. Numbers are written in the interface language's format. A chart is
never the only way to read the data: templates show a table beside it.

Readable by construction:

- Text size. Pages scale a chart down to its column (``.chart svg { max-width: 100% }``), never up. The narrowest
  column is SCREEN_MIN_WIDTH (measured on a 320px-wide phone), so text is drawn at ``text_size(width)``: 12px
  once scaled down to that column. In PDFs an indicator chart is printed 70mm (264.6px) wide (``.indicator svg``
  in templates/pdf/_print.css): drawn SCREEN_MIN_WIDTH wide with 12px text, its text prints at 8.75pt; a wider
  one has proportionally larger text, so the same. Other PDF charts print at their own size: 12px is 9pt.
  (tests/plans/test_charts_readable.py checks both against _print.css; tests/browser/test_charts_on_screen.py
  measures the pages in Chromium.)
- Placement. Every label is placed from an estimate of its box (``text_width``, ``text_box``), an upper bound for
  DejaVu Sans (the PDF font, wider than Arial and Helvetica): labels never sit on bars or on each other. The
  baseline, the target and compared series are named in a legend below the plot, not on top of it. A label too
  long for its place wraps onto several lines (tspan), never cut; values or years that cannot all fit their slots
  are left out (the table beside the chart has every number).
- Colour. Bars take a theme's colour where a chart is per theme, otherwise one hue; every colour keeps 3:1 against
  the white background and every text colour 4.5:1 (WCAG 1.4.11, 1.4.3).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from django.db.models import Count, Exists, F, OuterRef, Q, Sum, Window
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.templatetags.portal import quantity
from themes.models import relative_luminance

BACKGROUND = "#ffffff"
TEXT_COLOUR = "#212529"  # 15.4:1 on white
AXIS_COLOUR = "#6c757d"  # 4.7:1: also used for text
BAR_COLOUR = "#0b5ed7"  # 5.8:1: the one hue of a chart that is not per theme
NO_THEME_COLOUR = "#6c757d"  # a row of a per-theme chart that has no theme
BASELINE_COLOUR = "#6c757d"
TARGET_COLOUR = "#146c43"  # 6.5:1
COMPARISON_COLOURS = ["#b02a37", "#6f42c1"]  # 6.5:1 each; compared series are also named and dotted
BASELINE_DASH = "3 3"
TARGET_DASH = "8 4"
COMPARISON_DASH = "2 2"
FONT = "font-family=\"'Helvetica Neue', Arial, sans-serif\""

SCREEN_MIN_WIDTH = 272  # CSS px: the narrowest column a chart is in on a 320px-wide phone (a plan's pages)
MIN_TEXT_PX = 12
LINE_HEIGHT = 1.25  # em, from one line's baseline to the next
ASCENT, DESCENT = 0.95, 0.25  # em above and below the baseline that a line of text may take (accents, descenders)


def contrast(colour: str, background: str = BACKGROUND) -> float:
    """WCAG 2.1 contrast ratio of two #rrggbb colours."""
    lighter, darker = sorted((relative_luminance(colour), relative_luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _graphic_colour(colour: str) -> str:
    """A bar's colour, or the one hue where the given one would be too light to see (a theme saved before its
    colour was validated)."""
    try:
        return colour if contrast(colour) >= 3 else BAR_COLOUR
    except (ValueError, IndexError, TypeError):
        return BAR_COLOUR


# --- Text: size, width estimate, wrapping ---------------------------------------------------------------------
# Character widths in em, each the widest of its class in DejaVu Sans (which is wider than Arial and Helvetica).
_NARROW = set(" .,:;'|ijlIJ\u00a0\u202f")  # ≤ 0.34
_SEMI = set('frt()[]{}-/!"')  # ≤ 0.46
_WIDE = set("mwMW%&@#+=<>~—…")  # ≤ 1.0
_UPPER = 0.8  # other capitals (O, Ö: 0.79)
_OTHER = 0.64  # lower case, digits, €


def text_size(width: float, shown_width: float = SCREEN_MIN_WIDTH) -> float:
    """The font size, in the chart's own units, that is MIN_TEXT_PX once the chart is scaled down to ``shown_width``."""
    return math.ceil(MIN_TEXT_PX * max(1.0, width / shown_width) * 10) / 10


def text_width(text: str, size: float) -> float:
    """An upper bound of the width of ``text`` set in ``size`` (see the character classes above)."""
    em = 0.0
    for char in str(text):
        if char in _NARROW:
            em += 0.34
        elif char in _SEMI:
            em += 0.46
        elif char in _WIDE:
            em += 1.0
        elif char.isupper():
            em += _UPPER
        else:
            em += _OTHER
    return em * size


def text_box(x: float, y: float, line: str, size: float, anchor: str = "start") -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of one line of text drawn at ``x``, baseline ``y``."""
    width = text_width(line, size)
    left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    return (left, y - ASCENT * size, left + width, y + DESCENT * size)


def boxes_overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def wrap(text: str, size: float, width: float) -> list[str]:
    """``text`` in lines no wider than ``width``: broken between words, and inside a word (with a hyphen) only
    when the word alone is wider than the line. Nothing is left out. No-break spaces hold."""
    lines: list[str] = []
    line = ""
    for word in (part for part in str(text).split(" ") if part):
        candidate = f"{line} {word}" if line else word
        if text_width(candidate, size) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = word
        while text_width(line, size) > width and len(line) > 1:
            cut = max(
                (n for n in range(1, len(line)) if text_width(line[:n] + "-", size) <= width),
                default=1,
            )
            lines.append(line[:cut] + "-")
            line = line[cut:]
    if line:
        lines.append(line)
    return lines or [""]


def _number(value) -> str:
    return quantity(value, "auto")


def _text(x, y, content: str | list[str], *, size: float, anchor="start", colour=TEXT_COLOUR) -> str:
    """A text at baseline ``y``; a list is drawn as lines (tspans) LINE_HEIGHT apart, the first at ``y``."""
    lines = content if isinstance(content, list) else [str(content)]
    attrs = f'font-size="{size:g}" {FONT} fill="{colour}" text-anchor="{anchor}"'
    if len(lines) == 1:
        return f'<text x="{x:.1f}" y="{y:.1f}" {attrs}>{escape(lines[0])}</text>'
    spans = "".join(
        f'<tspan x="{x:.1f}" y="{y + index * size * LINE_HEIGHT:.1f}">{escape(line)}</tspan>'
        for index, line in enumerate(lines)
    )
    return f'<text x="{x:.1f}" y="{y:.1f}" {attrs}>{spans}</text>'


def _svg(width: float, height: float, title: str, desc: str, body: list[str]) -> SafeString:
    # An id-free title/desc pair keeps several charts on one page valid; role="img" makes them the accessible name.
    # Every piece of text in the chart has gone through escape() or quoteattr() above.
    width, height = math.ceil(width), math.ceil(height)
    return mark_safe(  # noqa: S308
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label={quoteattr(title)} focusable="false">'
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>" + "".join(body) + "</svg>"
    )


def _scale_max(values: list[Decimal]) -> Decimal:
    top = max(values, default=Decimal(0))
    return top if top > 0 else Decimal(1)


# --- An indicator over the years ------------------------------------------------------------------------------


def indicator_chart(
    indicator,
    *,
    width: int = SCREEN_MIN_WIDTH,
    height: int = 160,
    values: dict[int, Decimal] | None = None,
    others: list[tuple[str, dict[int, Decimal]]] = (),
    shown_width: float = SCREEN_MIN_WIDTH,
) -> SafeString:
    """Yearly values of an indicator as bars, the baseline and the target as dashed lines named in a legend.

    Reads ``indicator.values.all()``: prefetch it when charting many indicators. ``values`` (year → value) replaces
    them (values fetched from elsewhere); ``others`` are series to compare with, drawn as dotted lines with markers.
    ``height`` is that of the plot with its axes; the legend below adds to it.
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

    size = text_size(width, shown_width)
    line_h = size * LINE_HEIGHT
    label_h = (ASCENT + DESCENT) * size
    compared = [value for _label, series in others for _year, value in series]
    top_value = _scale_max([baseline, target, *(value for _year, value in points), *compared])

    # The unit on its own lines at the top; below it room for a value printed above the tallest bar or marker.
    unit_lines = wrap(unit, size, width)
    top = len(unit_lines) * line_h + label_h + 9
    axis_labels = [_number(0), _number(top_value)]
    left = max(text_width(label, size) for label in axis_labels) + 7
    plot_w = max(width - left - 2, 10)
    # Below the axis: the years, clear of the 0 centred on the axis, then the legend.
    years_below = 0.6 * size + 2
    plot_h = max(height - top - years_below - label_h - 6, 60)
    axis_y = top + plot_h

    def y_of(value: Decimal) -> float:
        return axis_y - float(max(value, Decimal(0)) / top_value) * plot_h

    body = [
        _text(0, ASCENT * size + 1, unit_lines, size=size, colour=AXIS_COLOUR),
        f'<line x1="{left:.1f}" y1="{top:.1f}" x2="{left:.1f}" y2="{axis_y:.1f}" stroke="{AXIS_COLOUR}" '
        f'stroke-width="1"/>',
        f'<line x1="{left:.1f}" y1="{axis_y:.1f}" x2="{left + plot_w:.1f}" y2="{axis_y:.1f}" '
        f'stroke="{AXIS_COLOUR}" stroke-width="1"/>',
        # 0 and the top of the scale, centred on their heights.
        _text(left - 6, axis_y + 0.35 * size, axis_labels[0], size=size, anchor="end", colour=AXIS_COLOUR),
        _text(left - 6, top + 0.35 * size, axis_labels[1], size=size, anchor="end", colour=AXIS_COLOUR),
    ]
    years = sorted({year for year, _value in points} | {year for _label, series in others for year, _value in series})
    slot = plot_w / max(len(years), 1)

    def x_of(year: int) -> float:
        return left + slot * (years.index(year) + 0.5)

    # A year every ``step`` slots, kept inside the plot's width, and none touching the one before it.
    widest_year = max((text_width(str(year), size) for year in years), default=0)
    # (the first and last may be pushed inwards by up to half a label less half a slot)
    step = max(1, math.ceil((widest_year + 4 + max(0.0, (widest_year - slot) / 2)) / slot))
    year_y = axis_y + years_below + ASCENT * size
    previous = None
    for year in years[::step]:
        half = text_width(str(year), size) / 2
        x = min(max(x_of(year), left + half), width - half)
        box = text_box(x, year_y, str(year), size, "middle")
        if previous is None or box[0] >= previous[2] + 4:
            body.append(_text(x, year_y, year, size=size, anchor="middle", colour=AXIS_COLOUR))
            previous = box

    bar_w = max(min(slot * 0.6, 40), 2)
    # What a value over a bar must clear: the baseline and target lines across the plot, and the compared markers.
    markers = [(left, y_of(value) - 2, left + plot_w, y_of(value) + 2) for value in (baseline, target)]
    for index, (label, series) in enumerate(others):
        colour = COMPARISON_COLOURS[index % len(COMPARISON_COLOURS)]
        body += _comparison_line(label, series, x_of=x_of, y_of=y_of, colour=colour)
        markers += [(x_of(year) - 3, y_of(value) - 3, x_of(year) + 3, y_of(value) + 3) for year, value in series]
    value_labels = [_number(value) for _year, value in points]
    # Values over the bars only if every one fits its slot; else none (a missing one would read as no value).
    show_values = all(text_width(label, size) <= slot - 2 for label in value_labels)
    for (year, value), shown in zip(points, value_labels, strict=True):
        x = x_of(year) - bar_w / 2
        y = y_of(value)
        body.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{axis_y - y:.1f}" '
            f'fill="{BAR_COLOUR}"><title>{year}: {escape(shown)}</title></rect>'
        )
        if show_values:
            baseline_y = _above(x_of(year), y - 3 - DESCENT * size, shown, size, markers)
            body.append(_text(x_of(year), baseline_y, shown, size=size, anchor="middle"))

    for value, dash, colour in ((baseline, BASELINE_DASH, BASELINE_COLOUR), (target, TARGET_DASH, TARGET_COLOUR)):
        body.append(
            f'<line x1="{left:.1f}" y1="{y_of(value):.1f}" x2="{left + plot_w:.1f}" y2="{y_of(value):.1f}" '
            f'stroke="{colour}" stroke-width="2" stroke-dasharray="{dash}"/>'
        )

    # The legend: a sample of each line, then its name and value.
    legend = [
        (
            BASELINE_COLOUR,
            BASELINE_DASH,
            False,
            f"{capfirst(_('baseline'))} {_number(baseline)} ({indicator.baseline_year})",
        ),
        (TARGET_COLOUR, TARGET_DASH, False, f"{capfirst(_('target'))} {_number(target)} ({indicator.target_year})"),
    ]
    for index, (label, series) in enumerate(others):
        if series:
            colour = COMPARISON_COLOURS[index % len(COMPARISON_COLOURS)]
            legend.append((colour, COMPARISON_DASH, True, f"{label} {_number(series[-1][1])}"))
    y = year_y + DESCENT * size + 6
    if not points:
        lines = wrap(_("No yearly values yet."), size, width)
        body.append(_text(0, y + ASCENT * size, lines, size=size))
        y += len(lines) * line_h + 4
    sample_w = 24
    for colour, dash, marker, label in legend:
        lines = wrap(label, size, width - sample_w - 6)
        middle = y + ASCENT * size - 0.35 * size
        body.append(
            f'<line x1="0" y1="{middle:.1f}" x2="{sample_w}" y2="{middle:.1f}" stroke="{colour}" stroke-width="2" '
            f'stroke-dasharray="{dash}"/>'
        )
        if marker:
            body.append(f'<rect x="{sample_w / 2 - 3:.1f}" y="{middle - 3:.1f}" width="6" height="6" fill="{colour}"/>')
        body.append(_text(sample_w + 6, y + ASCENT * size, lines, size=size, colour=colour))
        y += len(lines) * line_h + 4
    return _svg(width, y, title, desc, body)


def _above(x: float, y: float, label: str, size: float, markers: list) -> float:
    """The baseline, ``y`` or higher, at which ``label`` centred on ``x`` clears every marker (a box)."""
    moved = True
    while moved:
        moved = False
        box = text_box(x, y, label, size, "middle")
        for marker in markers:
            if boxes_overlap(box, marker):
                y = marker[1] - 2 - DESCENT * size
                moved = True
    return y


def _comparison_line(label, series, *, x_of, y_of, colour) -> list[str]:
    """A compared series: a dotted line through square markers (named in the legend: never by colour alone)."""
    if not series:
        return []
    coords = [(x_of(year), y_of(value)) for year, value in series]
    body = []
    if len(coords) > 1:
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        body.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2" '
            f'stroke-dasharray="{COMPARISON_DASH}"/>'
        )
    for (year, value), (x, y) in zip(series, coords, strict=True):
        body.append(
            f'<rect x="{x - 3:.1f}" y="{y - 3:.1f}" width="6" height="6" fill="{colour}">'
            f"<title>{escape(str(label))} {year}: {escape(_number(value))}</title></rect>"
        )
    return body


# --- Horizontal bars --------------------------------------------------------------------------------------------


def _with_unit(unit: str | Callable[[Decimal], str]) -> Callable[[Decimal], str]:
    return unit if callable(unit) else (lambda value: f"{_number(value)} {unit}".strip())


def _bars(rows, *, with_unit, colours, width, size, scale_max, value_width) -> tuple[list[str], float]:
    """The body of a bar chart and its height. Each row: its label on full-width lines, the bar below it from the
    left edge, the value after the bar's end. Bars of one scale and one value column compare across charts."""
    line_h = size * LINE_HEIGHT
    bar_h = round(size * 1.5)
    bar_space = max(width - value_width, 20)
    body: list[str] = []
    y = 2.0
    if not rows:
        body.append(_text(0, y + ASCENT * size, wrap(_("No data."), size, width), size=size))
        return body, y + line_h + 2
    for index, (label, value) in enumerate(rows):
        value = Decimal(value)
        label = str(label)
        lines = wrap(label, size, width)
        body.append(_text(0, y + ASCENT * size, lines, size=size))
        y += len(lines) * line_h + 2
        bar_w = max(float(max(value, Decimal(0)) / scale_max) * bar_space, 1)
        colour = _graphic_colour(colours[index % len(colours)]) if colours else BAR_COLOUR
        body.append(
            f'<rect x="0" y="{y:.1f}" width="{bar_w:.1f}" height="{bar_h}" fill="{colour}">'
            f"<title>{escape(label)}: {escape(with_unit(value))}</title></rect>"
        )
        body.append(_text(bar_w + 4, y + bar_h / 2 + 0.35 * size, with_unit(value), size=size))
        y += bar_h + round(size * 0.75)
    return body, y


def _value_width(values, with_unit, size) -> float:
    return max((text_width(with_unit(Decimal(value)), size) for value in values), default=0) + 6


def bar_chart(
    rows: list[tuple[str, Decimal]],
    *,
    title: str,
    unit: str | Callable[[Decimal], str],
    colours: list[str] | None = None,
    width: int = SCREEN_MIN_WIDTH,
    shown_width: float = SCREEN_MIN_WIDTH,
) -> SafeString:
    """Horizontal bars, one a row: the label above the bar (wrapped, never cut), the value with its unit after it.

    ``unit`` is a symbol written after every value ("€", "htv"), or a function giving a value's whole text, for a
    unit that is a word with a plural form ("1 comment", "2 comments": ngettext). ``colours`` (a theme's colour a
    row) are for per-theme charts; otherwise every bar has the one hue. ``shown_width`` is the narrowest the chart
    is shown at (see the module's note); a PDF that prints it at its own size passes ``width``.
    """
    return bar_charts([(rows, title, colours)], unit=unit, width=width, shown_width=shown_width)[0]


def bar_charts(
    charts: list[tuple[list[tuple[str, Decimal]], str, list[str] | None]],
    *,
    unit: str | Callable[[Decimal], str],
    columns: int = 1,
    width: int = SCREEN_MIN_WIDTH,
    shown_width: float = SCREEN_MIN_WIDTH,
) -> list[SafeString]:
    """Bar charts (rows, title, colours) shown side by side, ``columns`` to a row of the page: one scale and one
    value column for all, so that bars of the same length mean the same amount; and one height for the charts of
    each row of the page, so that what follows them (their tables) starts level."""
    with_unit = _with_unit(unit)
    size = text_size(width, shown_width)
    values = [Decimal(value) for rows, _title, _colours in charts for _label, value in rows]
    scale_max = _scale_max(values)
    value_width = _value_width(values, with_unit, size)
    drawn = [
        _bars(
            rows,
            with_unit=with_unit,
            colours=colours,
            width=width,
            size=size,
            scale_max=scale_max,
            value_width=value_width,
        )
        for rows, _title, colours in charts
    ]
    svgs = []
    for index, ((rows, title, _colours), (body, _height)) in enumerate(zip(charts, drawn, strict=True)):
        first = index - index % columns
        row_height = max(h for _body, h in drawn[first : first + columns])
        desc = "; ".join(f"{label}: {with_unit(Decimal(value))}" for label, value in rows) if rows else _("No data.")
        svgs.append(_svg(width, row_height, title, desc, body))
    return svgs


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


def funding_by_municipality(projects, *, limit: int | None = None) -> list[dict]:
    """One row per municipality whose government takes part in the projects (in any role), the largest grant first.

    A project with three municipalities counts in full for each of them, so the rows do not add up to the total.
    Summed in the database over the projects' partner rows of municipal governments, each (project, municipality)
    pair once: a row is left out when the same project has an earlier row for the same municipality (a
    municipality taking part in two roles must not count twice). ``limit`` keeps the first rows only; each row's
    ``municipalities`` says how many there are in all.
    """
    partners = projects.model._meta.get_field("partners").related_model
    municipal = {"organisation__kind": "municipality"}
    earlier_role = partners.objects.filter(
        project=OuterRef("project"),
        organisation__municipality=OuterRef("organisation__municipality"),
        pk__lt=OuterRef("pk"),
        **municipal,
    )
    pairs = partners.objects.filter(~Exists(earlier_role), project__in=projects.values("pk"), **municipal)
    rows = pairs.values("organisation__municipality", "organisation__municipality__name").annotate(
        count=Count("pk"),
        total=Sum("project__total_cost"),
        grant=Sum("project__grant_amount"),
        total_unknown=Count("pk", filter=Q(project__total_cost__isnull=True)),
        grant_unknown=Count("pk", filter=Q(project__grant_amount__isnull=True)),
        municipalities=Window(Count("*")),  # over the grouped rows: the number of municipalities, before the limit
    )
    rows = rows.order_by(
        F("grant").desc(nulls_last=True), "organisation__municipality__name", "organisation__municipality"
    )
    return [
        _funding_row(
            row["organisation__municipality__name"], row["count"], row["total"], row["grant"], unknown=_unknown(row)
        )
        | {"municipalities": row["municipalities"]}
        for row in (rows if limit is None else rows[:limit])
    ]


# A national set has hundreds of municipalities: the figure shows those with the largest grants and says how many
# more there are (the registry's municipality filter sums any of them).
MUNICIPALITY_ROWS = 20

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
        title, note = titles[key]
        # The municipality sums read partner rows whose project is in the set, which never repeats a project; one
        # IN, not two nested, keeps PostgreSQL's plan a hash join. ``more`` counts the rows left out.
        if key == "municipality":
            rows = funding_by_municipality(projects, limit=MUNICIPALITY_ROWS)
        else:
            rows = FUNDING_GROUPS[key](distinct)
        more = rows[0]["municipalities"] - len(rows) if key == "municipality" and rows else 0
        figures.append({"key": key, "title": title, "note": note, "rows": rows, "more": more})
    # A row whose grants are all unknown has no bar (a 0 bar would say "no grant"); its table row says so.
    # The page sets the figures two to a row (projects/_funding_charts.html): one scale, value column and height
    # for the charts side by side. Themes have their colours (a project without one is grey); the rest one hue.
    charted = [[row for row in figure["rows"] if row["grant"] is not None] for figure in figures]
    charts = bar_charts(
        [
            (
                [(row["label"], row["grant"]) for row in rows],
                figure["title"],
                [row["colour"] or NO_THEME_COLOUR for row in rows] if figure["key"] == "theme" else None,
            )
            for figure, rows in zip(figures, charted, strict=True)
        ],
        unit="€",
        columns=2,
    )
    for figure, chart in zip(figures, charts, strict=True):
        figure["chart"] = chart
    return figures
