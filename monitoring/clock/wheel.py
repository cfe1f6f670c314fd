"""The geometry of the annual clock's year wheel: twelve month segments clockwise from January at the top, each
task a numbered mark on its month. The template (templates/monitoring/clock/_wheel.html) draws it; everything the
wheel shows is also in the list beside it, which is the page's primary content."""

import math
from dataclasses import dataclass, field

SIZE = 360
CENTRE = SIZE / 2
OUTER = 176
LABEL = 150  # month names, on a ring inside the rim
MARK_RADII = (118, 94, 70)  # tasks of one month, outermost first; more than three: "+n" in place of the third
HUB = 52


@dataclass
class Mark:
    number: int  # the task's number in the list
    x: float
    y: float


@dataclass
class Segment:
    month: int
    name: str
    path: str
    label_x: float
    label_y: float
    current: bool
    marks: list[Mark] = field(default_factory=list)
    more: int = 0  # tasks not drawn
    more_x: float = 0
    more_y: float = 0


def _point(radius: float, degrees: float) -> tuple[float, float]:
    # 0° is twelve o'clock, angles grow clockwise (SVG's y axis points down).
    radians = math.radians(degrees - 90)
    return round(CENTRE + radius * math.cos(radians), 2), round(CENTRE + radius * math.sin(radians), 2)


def _segment_path(start: float, end: float) -> str:
    x1, y1 = _point(OUTER, start)
    x2, y2 = _point(OUTER, end)
    x3, y3 = _point(HUB, end)
    x4, y4 = _point(HUB, start)
    return f"M{x1} {y1} A{OUTER} {OUTER} 0 0 1 {x2} {y2} L{x3} {y3} A{HUB} {HUB} 0 0 0 {x4} {y4} Z"


def wheel_segments(months, current_month: int) -> list[Segment]:
    """``months``: the page's months in order (``month``, ``short`` name, ``tasks`` each with a ``number``)."""
    segments = []
    for entry in months:
        start = (entry["month"] - 1) * 30
        middle = start + 15
        label_x, label_y = _point(LABEL, middle)
        segment = Segment(
            month=entry["month"],
            name=entry["short"],
            path=_segment_path(start, start + 30),
            label_x=label_x,
            label_y=label_y,
            current=entry["month"] == current_month,
        )
        tasks = entry["tasks"]
        shown = tasks if len(tasks) <= len(MARK_RADII) else tasks[: len(MARK_RADII) - 1]
        for task, radius in zip(shown, MARK_RADII, strict=False):
            x, y = _point(radius, middle)
            segment.marks.append(Mark(number=task.number, x=x, y=y))
        if len(shown) < len(tasks):
            segment.more = len(tasks) - len(shown)
            segment.more_x, segment.more_y = _point(MARK_RADII[-1], middle)
        segments.append(segment)
    return segments
