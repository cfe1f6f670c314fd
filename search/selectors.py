"""Site search across plans, theme sections, activities, funded projects, organisations and municipalities.

Both databases find the same rows: every word of the query must appear in a field, also inside a longer word
(Estonian and Finnish compound words). PostgreSQL also ranks them with full-text search (config "simple":
content is in Estonian, Finnish and English, and "simple" neither stems nor drops stop words wrongly for any of
them); SQLite, the embedded default, lists them by id. Excerpts are highlighted in Python after escaping, only for
the rows of the page. Each kind costs two queries, so a search costs the same at any size: the ids (and ranks) of
at most MAX_COUNT + 1 matches, then the page's rows.

Counts stop at MAX_COUNT ("more than 1 000"): counting every row of a word that is everywhere costs a scan of
the whole table. On PostgreSQL the rows are ranked among the first MAX_COUNT found (all of them when there are no
more), which bounds the cost of ranking in the same way; SQLite shows the first by id.

On PostgreSQL, migrations plans 0003 and 0008 and projects 0003 add what makes this fast, for the fields of each kind
below (the migrations' SEARCH_FIELDS; a test checks that they stay the same):

* a trigram GIN index (pg_trgm) on ``UPPER(<the kind's fields joined by spaces>)``, which answers the substring
  conditions (``LIKE '%WORD%'``). A word has no spaces, so it occurs in the joined text exactly when it occurs in
  one of the fields. The query must use the very expression of the index, or PostgreSQL scans the table:
  ``_ContainsEveryTerm`` writes it as the migrations do.
* a stored generated column ``search_vector`` (title weight A, other fields B), so that ranking reads a vector
  instead of parsing each row's text again (~0.1 ms a row). Django's models do not declare it: it exists on
  PostgreSQL only and is never written by Django.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, F, FloatField, Func, Q, Value
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from core.models import Municipality, Organisation
from plans.models import Activity, CooperationPlan, ThemeSection
from projects.models import Project

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
RESULTS_PER_KIND = 20
EXCERPT_LENGTH = 220
# Counts stop here, and PostgreSQL ranks at most this many rows of a kind (see the module's docstring).
MAX_COUNT = 1000


class SearchError(ValueError):
    """A query that cannot be searched; the message is for the visitor."""


@dataclass
class Hit:
    title: str
    url: str
    language: str
    excerpt: SafeString
    context: str = ""
    title_html: SafeString | None = None


@dataclass
class KindResults:
    key: str
    label: str
    count: int
    hits: list[Hit] = field(default_factory=list)
    # More than ``count`` (= MAX_COUNT) rows match: the page says "more than 1 000".
    more: bool = False


@dataclass
class Kind:
    key: str
    label: str
    fields: list[str]
    queryset: callable
    hit: callable


CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def clean_query(raw: str | None) -> str:
    # Control characters (a NUL above all, which PostgreSQL refuses in any string) are never part of a word.
    query = " ".join(CONTROL_CHARACTERS.sub(" ", raw or "").split())
    if not query:
        raise SearchError(_("Type one or more words to search for."))
    if len(query) > MAX_QUERY_LENGTH:
        raise SearchError(_("The search is too long: use at most %(limit)s characters.") % {"limit": MAX_QUERY_LENGTH})
    return query


def terms_of(query: str) -> list[str]:
    words = [word.strip("\"'()[]{}.,;:!?*&|") for word in query.split()]
    return [word for word in words if word][:MAX_TERMS]


def highlight(text: str, terms: list[str], *, length: int = EXCERPT_LENGTH) -> SafeString:
    """An excerpt of ``text`` around the first match, escaped, with every match in <mark>."""
    # html.escape is what django.utils.html.escape calls, without its lazy-string wrapper (~20 calls a hit).
    text = " ".join((text or "").split())
    if not terms:
        return escape(text[:length])
    pattern = re.compile("|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, first.start() - length // 3) if first else 0
    excerpt = text[start : start + length]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + length < len(text) else ""
    parts, position = [], 0
    for match in pattern.finditer(excerpt):
        parts.append(html.escape(excerpt[position : match.start()]))
        parts.append(f"<mark>{html.escape(match.group(0))}</mark>")
        position = match.end()
    parts.append(html.escape(excerpt[position:]))
    return mark_safe(prefix + "".join(parts) + suffix)  # noqa: S308 (every part is escaped)


def _public_plans():
    return CooperationPlan.objects.public()


KINDS = [
    Kind(
        "plans",
        _("Plans"),
        ["title", "summary", "purpose", "audience", "expected_result"],
        lambda: _public_plans().select_related("region"),
        lambda plan, text: Hit(plan.title, plan.get_absolute_url(), plan.language, text, plan.region.name),
    ),
    Kind(
        "sections",
        _("Themes in plans"),
        ["title", "intro", "challenges", "goals"],
        lambda: ThemeSection.objects.filter(plan__in=_public_plans(), archived_at__isnull=True).select_related(
            "plan__region", "theme"
        ),
        lambda section, text: Hit(
            section.title,
            section.get_absolute_url(),
            section.plan.language,
            text,
            f"{section.plan.title} ({section.plan.region.name})",
        ),
    ),
    Kind(
        "activities",
        _("Activities"),
        ["title", "description", "rationale", "funding_source"],
        lambda: Activity.objects.filter(
            section__plan__in=_public_plans(), archived_at__isnull=True, section__archived_at__isnull=True
        ).select_related("section__plan__region", "section__theme"),
        lambda activity, text: Hit(
            activity.title,
            activity.get_absolute_url(),
            activity.section.plan.language,
            text,
            f"{activity.section.title} · {activity.section.plan.title}",
        ),
    ),
    Kind(
        "projects",
        _("Funded projects"),
        ["name", "goal", "activities_text", "results", "code"],
        lambda: Project.objects.public().select_related("region", "funder"),
        lambda project, text: Hit(
            project.name, project.get_absolute_url(), project.language, text, f"{project.funder} · {project.region}"
        ),
    ),
    Kind(
        "organisations",
        _("Organisations"),
        ["name"],
        lambda: Organisation.objects.select_related("region"),
        lambda organisation, text: Hit(
            organisation.name,
            organisation.get_absolute_url(),
            "",
            text,
            organisation.get_kind_display(),
        ),
    ),
    Kind(
        "municipalities",
        _("Municipalities"),
        # Former names too: older documents name Rannu or Rõngu vald, merged into Elva vald in 2017.
        ["name", "former_names"],
        lambda: Municipality.objects.select_related("region"),
        lambda municipality, text: Hit(
            municipality.name,
            municipality.get_absolute_url(),
            "",
            text,
            f"{municipality.get_kind_display()} · {municipality.region.name}",
        ),
    ),
]


def _joined_text(obj, fields: list[str]) -> str:
    return " · ".join(str(getattr(obj, name) or "") for name in fields[1:] if getattr(obj, name)) or str(
        getattr(obj, fields[0]) or ""
    )


def _with_titles(hits: list[Hit], terms: list[str]) -> list[Hit]:
    for hit in hits:
        hit.title_html = highlight(hit.title, terms, length=1000)
    return hits


def _all_terms_somewhere(kind: Kind, terms: list[str]) -> Q:
    """Every term appears in one of the kind's fields, anywhere in a word (Estonian and Finnish compound words)."""
    condition = Q()
    for term in terms:
        any_field = Q()
        for name in kind.fields:
            any_field |= Q(**{f"{name}__icontains": term})
        condition &= any_field
    return condition


def _page_of_hits(kind: Kind, found: list[tuple[int, float]], terms: list[str]) -> KindResults:
    """The results of a kind from ``found``: (pk, rank) of the first MAX_COUNT + 1 matches (the first query).

    The second query reads the page's rows, the best RESULTS_PER_KIND by rank, then by id; only they are
    highlighted.
    """
    best = sorted(found[:MAX_COUNT], key=lambda row: (-row[1], row[0]))[:RESULTS_PER_KIND]
    objects = kind.queryset().in_bulk([pk for pk, _rank in best]) if best else {}
    hits = [
        kind.hit(obj, highlight(_joined_text(obj, kind.fields), terms))
        for obj in (objects.get(pk) for pk, _rank in best)
        if obj is not None
    ]
    results = KindResults(kind.key, kind.label, min(len(found), MAX_COUNT), _with_titles(hits, terms))
    results.more = len(found) > MAX_COUNT
    return results


def _search_sqlite(kind: Kind, query: str, terms: list[str]) -> KindResults:
    matches = kind.queryset().filter(_all_terms_somewhere(kind, terms)).order_by("pk")
    return _page_of_hits(kind, [(pk, 0.0) for pk in matches.values_list("pk", flat=True)[: MAX_COUNT + 1]], terms)


class _ContainsEveryTerm(Func):
    """``UPPER(<joined fields>) LIKE UPPER('%term%') AND …``: the condition the trigram index answers."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, fields: list[str], terms: list[str]):
        super().__init__(*(F(name) for name in fields))
        self.terms = terms

    def as_sql(self, compiler, connection, **extra_context):
        columns = [compiler.compile(expression)[0] for expression in self.get_source_expressions()]
        text = "UPPER(" + " || ' ' || ".join(f"COALESCE({column}, '')" for column in columns) + ")"
        patterns = [f"%{connection.ops.prep_for_like_query(term)}%" for term in self.terms]
        return "(" + " AND ".join(f"{text} LIKE UPPER(%s)" for _term in self.terms) + ")", patterns


class _StoredRank(Func):
    """``ts_rank`` of the row's stored ``search_vector`` (PostgreSQL only, not a model field) against a query."""

    output_field = FloatField()

    def __init__(self, tsquery: str):
        super().__init__(F("pk"))
        self.tsquery = tsquery

    def as_sql(self, compiler, connection, **extra_context):
        # The column is not a field: name it beside the primary key, under whatever alias the table has here.
        pk_column = compiler.compile(self.get_source_expressions()[0])[0]
        vector = pk_column.rsplit(".", 1)[0] + ".search_vector"
        return f"ts_rank({vector}, to_tsquery('simple'::regconfig, %s))", [self.tsquery]


def _search_postgresql(kind: Kind, query: str, terms: list[str]) -> KindResults:
    """Ranked by full-text relevance (title words weigh more), among the first MAX_COUNT rows found.

    Rows are found by substring, as on SQLite, through the trigram index, in no order (an ORDER BY would read every
    match before the limit; which rows come first only matters when more than MAX_COUNT match). The ranking
    tsquery is built from the visitor's words reduced to letters and digits, each as a prefix (``word:*``), so no
    input can be a tsquery syntax error; a row that has a word only inside a longer word ranks 0, after the others.
    """
    matches = kind.queryset().filter(_ContainsEveryTerm(kind.fields, terms)).order_by()
    words = [re.sub(r"\W+", "", term) for term in terms]
    words = [word for word in words if word]
    if words:
        found = matches.values_list("pk", _StoredRank(" & ".join(f"{word}:*" for word in words)))
    else:
        found = matches.values_list("pk", Value(0.0, output_field=FloatField()))
    return _page_of_hits(kind, list(found[: MAX_COUNT + 1]), terms)


def site_search(*, raw_query: str | None) -> dict:
    """Results per kind for a visitor's query; raises SearchError with a message for an unusable query."""
    query = clean_query(raw_query)
    terms = terms_of(query)
    if not terms:
        raise SearchError(_("Type one or more words to search for."))
    search = _search_postgresql if connection.vendor == "postgresql" else _search_sqlite
    results = [search(kind, query, terms) for kind in KINDS]
    return {
        "query": query,
        "results": results,
        "total": sum(result.count for result in results),
        "more": any(result.more for result in results),
    }
