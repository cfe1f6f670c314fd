"""Long texts of plans are written in Markdown; ``{{ text|markdown }}`` renders them safely.

Raw HTML typed into a text never passes: Python-Markdown's HTML handling is switched off, so ``<script>`` is
shown as text, and nh3 then keeps only the few tags Markdown itself makes (a second line of defence, which also
drops ``javascript:`` links). Headings start at level 3, because the page around the text owns h1 and h2.
"""

import threading

import markdown as markdown_lib
import nh3
from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre", "h3", "h4", "h5", "h6",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


_local = threading.local()


def _converter() -> markdown_lib.Markdown:
    """This thread's converter, reset for a new text: building one costs as much as converting a paragraph, and a
    page may hold dozens of texts (Python-Markdown's documented reuse; an instance is not for two threads at once)."""
    converter = getattr(_local, "converter", None)
    if converter is None:
        # nl2br: a single line break stays a line break, as plans were written before Markdown (and as people type).
        converter = markdown_lib.Markdown(extensions=["sane_lists", "nl2br"], output_format="html")
        converter.preprocessors.deregister("html_block")
        converter.inlinePatterns.deregister("html")
        _local.converter = converter
    return converter.reset()


def _demote_headings(html: str) -> str:
    # "# Title" would be a second h1 on the page: shift every heading two levels down (h1 → h3 … h4+ → h6).
    for level in range(6, 0, -1):
        new = min(level + 2, 6)
        html = html.replace(f"<h{level}>", f"<h{new}>").replace(f"</h{level}>", f"</h{new}>")
    return html


def render_markdown(text: str | None) -> SafeString:
    if not text:
        return mark_safe("")
    html = _demote_headings(_converter().convert(str(text)))
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        clean_content_tags={"script", "style"},
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 just above


@register.filter(name="markdown")
def markdown_filter(text):
    return render_markdown(text)
