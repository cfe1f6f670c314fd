"""The public changelog of a plan: its published change sets as visitors read them.

A published change set keeps what it changed (``ChangeSet.published_changes``, see plans/changesets.py); this
module turns those entries into what the changelog page shows: each object with an anchor and a link to where it
is now on the public plan (when it still is), long texts as a word-by-word difference, lists as who was added and
who removed, and the indicators' yearly values as one table per indicator.

Reading one change set costs a fixed number of queries: one per related model whose names the changes mention
(plans.history), and one per kind of object the changes link to — never one per changed object.
"""

import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import reverse
from django.utils import formats

from core.models import Organisation

from .changesets import MODELS, ShownChange, shown_changes
from .models import (
    Activity,
    ChangeSet,
    CooperationPlan,
    Indicator,
    IndicatorValue,
    Milestone,
    StrategyDocument,
    ThemeSection,
)
from .selectors import SHOWN_ACTIVITY

# Words, punctuation and the runs of white space between them: a difference is shown word by word (a full stop
# after a changed word is not a change), and the white space (line breaks included) is kept as it was.
TOKENS = re.compile(r"\s+|\w+|[^\w\s]+")
# IndicatorValue.__str__: "<indicator name> <year>: <value>".
VALUE_LABEL = re.compile(r"^(?P<indicator>.*) (?P<year>\d+): (?P<value>.*)$", re.DOTALL)


@dataclass
class Segment:
    kind: str  # "same", "removed" or "added"
    text: str


def word_diff(old: str, new: str) -> list[Segment]:
    """``old`` to ``new`` as runs of words kept, removed and added."""
    a, b = TOKENS.findall(old), TOKENS.findall(new)
    segments = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(Segment("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            segments.append(Segment("removed", "".join(a[i1:i2])))
        if j2 > j1:
            segments.append(Segment("added", "".join(b[j1:j2])))
    return segments


@dataclass
class ShownField:
    change: object  # plans.history.FieldChange
    kind: str  # "text" (a word diff), "list" (added and removed names) or "value" (before → after)
    segments: list[Segment] = field(default_factory=list)
    is_content: bool = False
    """Whether the values are content written in the plan's language (not numbers, choices or proper names)."""


@dataclass
class ObjectEntry:
    """One changed object of a change set."""

    change: ShownChange
    anchor: str
    url: str | None
    fields: list[ShownField]


@dataclass
class ValueRow:
    anchor: str
    action: str
    year: str
    old: str
    new: str


@dataclass
class ValueTable:
    """The changed yearly values of one indicator."""

    indicator: str
    url: str | None = None
    rows: list[ValueRow] = field(default_factory=list)


@dataclass
class Changelog:
    objects: list[ObjectEntry]
    values: list[ValueTable]

    def __len__(self):
        return len(self.objects) + sum(len(table.rows) for table in self.values)


def _field_names(model, entry: dict) -> list[str]:
    """The names of the entry's fields that the model still has, in the order shown_changes keeps them."""
    names = []
    for item in entry["fields"]:
        try:
            model._meta.get_field(item["name"])
        except FieldDoesNotExist:
            continue
        names.append(item["name"])
    return names


def _shown_field(model, name: str, change) -> ShownField:
    if change.is_list:
        return ShownField(change, "list")
    f = model._meta.get_field(name)
    if isinstance(f, models.TextField) and change.old != "–" and change.new != "–":
        return ShownField(change, "text", word_diff(change.old, change.new), is_content=True)
    if f.is_relation:
        # Organisations' names are content in the plan's language; a theme's is in the reader's language.
        return ShownField(change, "value", is_content=f.related_model in (Organisation, StrategyDocument))
    return ShownField(change, "value", is_content=isinstance(f, models.CharField | models.TextField) and not f.choices)


def _localised_number(text: str) -> str:
    try:
        return str(formats.localize(Decimal(text), use_l10n=True))
    except InvalidOperation:
        return text


def _links(plan: CooperationPlan, ids: dict[str, set[int]]) -> dict[tuple[str, int], str]:
    """(model name, public id) → the address of the object on the public plan, for those that are still shown
    there; a query per kind of object, only for the kinds the change set touches."""
    region, slug = plan.region.slug, plan.slug
    plan_url = plan.get_absolute_url()

    def activity_url(pk, theme_slug):
        return reverse("plans:activity", kwargs={"region": region, "plan": slug, "theme": theme_slug, "pk": pk})

    links = {("cooperationplan", plan.pk): plan_url}
    if ids.get("milestone"):
        for pk in Milestone.objects.filter(plan=plan, pk__in=ids["milestone"]).values_list("pk", flat=True):
            links[("milestone", pk)] = f"{plan_url}#milestone-{pk}"
    if ids.get("themesection"):
        sections = ThemeSection.objects.filter(plan=plan, pk__in=ids["themesection"], archived_at__isnull=True)
        for pk, theme in sections.values_list("pk", "theme__slug"):
            links[("themesection", pk)] = reverse(
                "plans:section", kwargs={"region": region, "plan": slug, "theme": theme}
            )
    if ids.get("activity"):
        activities = Activity.objects.filter(SHOWN_ACTIVITY, section__plan=plan, pk__in=ids["activity"])
        for pk, theme in activities.values_list("pk", "section__theme__slug"):
            links[("activity", pk)] = activity_url(pk, theme)
    if ids.get("indicator"):
        indicators = Indicator.objects.filter(
            pk__in=ids["indicator"],
            activity__section__plan=plan,
            activity__archived_at__isnull=True,
            activity__section__archived_at__isnull=True,
        ).values_list("pk", "activity_id", "activity__section__theme__slug")
        for pk, activity_id, theme in indicators:
            links[("indicator", pk)] = activity_url(activity_id, theme) + f"#indicator-{pk}"
    if ids.get("indicatorvalue"):
        values = IndicatorValue.objects.filter(
            pk__in=ids["indicatorvalue"],
            indicator__activity__section__plan=plan,
            indicator__activity__archived_at__isnull=True,
            indicator__activity__section__archived_at__isnull=True,
        ).values_list("pk", "indicator_id", "indicator__activity_id", "indicator__activity__section__theme__slug")
        for pk, indicator_id, activity_id, theme in values:
            links[("indicatorvalue", pk)] = activity_url(activity_id, theme) + f"#indicator-{indicator_id}"
    return links


def _value_row(change: ShownChange, anchor: str, names: list[str], year: str, value: str) -> ValueRow:
    row = ValueRow(anchor=anchor, action=change.action, year=year, old="–", new="–")
    if change.action == "removed":
        row.old = _localised_number(value)
    for name, shown in zip(names, change.fields, strict=True):
        if name == "value":
            row.old, row.new = shown.old, shown.new
        elif name == "year" and change.action == "changed":
            row.year = f"{shown.old} → {shown.new}"
    return row


def change_set_changelog(change_set: ChangeSet) -> Changelog:
    """What a published change set changed, as its public page shows it (the change set's plan and region are
    expected in hand, fetched with it)."""
    entries = change_set.published_changes or []
    kept = [(index, entry) for index, entry in enumerate(entries) if entry.get("model") in MODELS]
    shown = shown_changes(entries)
    ids: dict[str, set[int]] = {}
    for _index, entry in kept:
        if entry["id"] is not None and entry["action"] != "removed":
            ids.setdefault(entry["model"], set()).add(entry["id"])
    links = _links(change_set.plan, ids)

    objects, tables = [], {}
    for (index, entry), change in zip(kept, shown, strict=True):
        model_name = entry["model"]
        anchor = f"change-{model_name}-{entry['id'] if entry['id'] is not None else index}"
        url = links.get((model_name, entry["id"])) if entry["id"] is not None else None
        names = _field_names(change.model, entry)
        if change.model is IndicatorValue:
            match = VALUE_LABEL.match(change.label)
            indicator, year, value = match.groups() if match else (change.label, "", "")
            table = tables.setdefault(indicator, ValueTable(indicator))
            table.url = table.url or url
            table.rows.append(_value_row(change, anchor, names, year, value))
            continue
        fields = [_shown_field(change.model, name, f) for name, f in zip(names, change.fields, strict=True)]
        objects.append(ObjectEntry(change=change, anchor=anchor, url=url, fields=fields))
    return Changelog(objects=objects, values=list(tables.values()))


def published_change_sets(plan: CooperationPlan):
    """The plan's published change sets, newest first."""
    return plan.change_sets.filter(state=ChangeSet.State.PUBLISHED).order_by("-published_at", "-pk")
