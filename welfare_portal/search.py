"""Site search across plans, theme sections, activities, funded projects and organisations.

Both databases find the same rows: every word of the query must appear in a field, also inside a longer word
(Estonian and Finnish compound words). PostgreSQL also ranks them with full-text search (config "simple":
content is in Estonian, Finnish and English, and "simple" neither stems nor drops stop words wrongly for any of
them); SQLite, the embedded default, lists them by id. Excerpts are highlighted in Python after escaping. Each kind
costs two queries (a count and one page of results), so a search costs the same at any size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from plans.models import Activity, CooperationPlan, Organisation, ThemeSection
from projects.models import Project

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
RESULTS_PER_KIND = 20
EXCERPT_LENGTH = 220


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
        parts.append(escape(excerpt[position : match.start()]))
        parts.append(f"<mark>{escape(match.group(0))}</mark>")
        position = match.end()
    parts.append(escape(excerpt[position:]))
    return mark_safe(escape(prefix) + "".join(parts) + escape(suffix))  # noqa: S308 (every part is escaped)


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
        lambda: ThemeSection.objects.filter(plan__in=_public_plans()).select_related("plan__region", "theme"),
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
        lambda: Activity.objects.filter(section__plan__in=_public_plans()).select_related(
            "section__plan__region", "section__theme"
        ),
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


def _page_of_hits(kind: Kind, matches: QuerySet, terms: list[str]) -> KindResults:
    count = matches.count()
    hits = [kind.hit(obj, highlight(_joined_text(obj, kind.fields), terms)) for obj in matches[:RESULTS_PER_KIND]]
    return KindResults(kind.key, kind.label, count, _with_titles(hits, terms))


def _search_sqlite(kind: Kind, query: str, terms: list[str]) -> KindResults:
    return _page_of_hits(kind, kind.queryset().filter(_all_terms_somewhere(kind, terms)), terms)


def _search_postgresql(kind: Kind, query: str, terms: list[str]) -> KindResults:
    """Ranked by full-text relevance (title words weigh more); a word also matches as a prefix or inside a word.

    The tsquery is built from the visitor's words reduced to letters and digits, each as a prefix (``word:*``),
    so no input can be a tsquery syntax error; the substring condition keeps results the same as on SQLite.
    """
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = SearchVector(*kind.fields[:1], weight="A", config="simple")
    if kind.fields[1:]:
        vector = vector + SearchVector(*kind.fields[1:], weight="B", config="simple")
    words = [re.sub(r"\W+", "", term) for term in terms]
    words = [word for word in words if word]
    condition = _all_terms_somewhere(kind, terms)
    matches = kind.queryset()
    if words:
        search_query = SearchQuery(" & ".join(f"{word}:*" for word in words), search_type="raw", config="simple")
        matches = matches.annotate(search=vector, rank=SearchRank(vector, search_query))
        matches = matches.filter(condition | Q(search=search_query)).order_by("-rank", "pk")
    else:
        matches = matches.filter(condition).order_by("pk")
    return _page_of_hits(kind, matches, terms)


def site_search(*, raw_query: str | None) -> dict:
    """Results per kind for a visitor's query; raises SearchError with a message for an unusable query."""
    query = clean_query(raw_query)
    terms = terms_of(query)
    if not terms:
        raise SearchError(_("Type one or more words to search for."))
    search = _search_postgresql if connection.vendor == "postgresql" else _search_sqlite
    results = [search(kind, query, terms) for kind in KINDS]
    return {"query": query, "results": results, "total": sum(result.count for result in results)}
