"""Content keeps its own language (WCAG 3.1.2): text written in a plan's language, shown on a page in another
interface language, sits in an element marked with its language, so that screen readers read it right."""

from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language


def content_lang(language) -> str:
    """`` lang="xx"`` for an element holding content written in ``language``, when the page is in another language.

    ``language`` is a language code or anything with a ``language`` field (a plan, region or project).
    """
    code = str(getattr(language, "language", language) or "")[:2]
    if not code or code == (get_language() or settings.LANGUAGE_CODE)[:2]:
        return ""
    return format_html(' lang="{}"', code)


def in_language(text, language):
    """Content text wrapped in a ``<span lang>`` where the page is in another language, for text inside interface
    sentences; the text itself (to be escaped as usual) where it is not."""
    mark = content_lang(language)
    return format_html("<span{}>{}</span>", mark, text) if mark else text
