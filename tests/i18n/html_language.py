"""Which language each run of text of a page is in, as a screen reader decides it: the closest ``lang``."""

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# A <title> holds text only (no element to mark): the page's title is in the interface language by design.
# Charts (inline SVG) are checked apart: their labels and values share one text (plans.charts.bar_chart).
SKIPPED = {"script", "style", "template", "title", "svg"}


class _Runs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.runs: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append((tag, dict(attrs).get("lang")))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not any(tag in SKIPPED for tag, _lang in self.stack):
            lang = next((lang for _tag, lang in reversed(self.stack) if lang is not None), "")
            self.runs.append((text, lang))


def text_runs(html: str) -> list[tuple[str, str]]:
    """Every run of text of the page with the language it is in (the closest lang attribute)."""
    parser = _Runs()
    parser.feed(html)
    parser.close()
    return parser.runs


def runs_not_in(html: str, language: str, texts) -> list[tuple[str, str]]:
    """Runs that hold one of ``texts`` but are not marked as written in ``language``."""
    texts = [text for text in texts if text]
    return [(run, lang) for run, lang in text_runs(html) if lang != language and any(t in run for t in texts)]


def runs_outside(html: str, language: str) -> str:
    """The page's text without the runs marked as written in ``language`` (the interface text, for a page in
    another language)."""
    return "\n".join(run for run, lang in text_runs(html) if lang != language)
