"""The kinds of documents, each registered by the app that owns it.

The documents app renders, stores and serves PDFs, but knows no plan, theme or consultation: the app that offers
a kind registers a ``DocumentKind`` in its ``AppConfig.ready()`` (plans: the plan summary and the theme sheet with
its ZIP; consultations: the consultation report). A kind says how to build its HTML, how a download address finds
its subject (and who may see a draft), and which of its documents a plan has once published.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any


class DocumentSourceNotFound(LookupError):
    """The subject of a requested document does not exist (e.g. a consultation window of another plan)."""


@dataclass(frozen=True)
class DocumentSource:
    """What a builder returns: the print template, its context, and the document's title and web address."""

    template: str
    title: str
    url: str
    context: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Subject:
    """What a download address names: the plan the visitor may see, and one of its documents of a kind.

    ``document`` is the subject's newest ready document, which the finder looks up (None: none is ready, and the
    download requests one); ``title`` goes into the file name; ``private``: a draft, which only staff may see.
    """

    plan: Any
    title: str
    private: bool
    section: Any = None
    scope: str = ""
    document: Any = None


@dataclass(frozen=True)
class Bundle:
    """What a ZIP address names: the plan and the subjects of the kind it holds, in order, and the ZIP's name."""

    plan: Any
    subjects: list[Subject]
    file_name: str
    private: bool


@dataclass(frozen=True)
class DocumentKind:
    """One kind of document (a ``Document.Kind`` value) and the code of the app that owns it.

    ``build(*, plan, section, scope) -> DocumentSource`` runs with the document's language active.
    ``find(request, *, region, plan, **url_kwargs) -> Subject`` resolves a download address; it raises Http404 for
    what the user may not see. ``bundle(request, *, region, plan) -> Bundle`` does the same for a ZIP of the kind.
    ``published(plan)`` yields the subjects a plan has now, as ``document_request`` keyword arguments
    (``{"section": ...}``): publishing and ``render_documents`` request them all. Kinds without it are made on
    download. ``per_section``: the document is about one theme section of the plan.
    """

    kind: str
    build: Callable[..., DocumentSource]
    find: Callable[..., Subject]
    bundle: Callable[..., Bundle] | None = None
    published: Callable[[Any], Iterable[dict]] | None = None
    per_section: bool = False


_KINDS: dict[str, DocumentKind] = {}


def register_kind(kind: DocumentKind) -> None:
    """Called from the owning app's AppConfig.ready(); registering a kind again replaces it."""
    _KINDS[kind.kind] = kind


def document_kind(kind: str) -> DocumentKind:
    try:
        return _KINDS[kind]
    except KeyError:
        raise DocumentSourceNotFound(f"No app registered {kind!r} documents.") from None


def kind_registered(kind: str) -> bool:
    return kind in _KINDS


def registered_kinds() -> list[DocumentKind]:
    """In the order of registration, which is the order of INSTALLED_APPS and of each app's ready()."""
    return list(_KINDS.values())
