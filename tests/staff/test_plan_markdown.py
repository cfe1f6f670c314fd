"""Long texts are Markdown, rendered sanitised: no raw HTML passes and script tags never run."""

import re

import pytest
from django.template import Context, Template

from core.templatetags.markdown import render_markdown


def test_markdown_makes_lists_emphasis_and_links():
    html = render_markdown("Eesmärgid:\n\n- **üks**\n- *kaks*\n\n[Statistikaamet](https://www.stat.ee)")

    assert "<li><strong>üks</strong></li>" in html
    assert "<em>kaks</em>" in html
    assert '<a href="https://www.stat.ee" rel="noopener noreferrer nofollow">Statistikaamet</a>' in html


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "<div><script>alert(1)</script></div>",
        '<img src=x onerror="alert(1)">',
        "[klõps](javascript:alert(1))",
        '<a href="javascript:alert(1)">klõps</a>',
        "<style>body{display:none}</style>",
        '<iframe src="https://example.org"></iframe>',
    ],
)
def test_no_raw_html_or_script_passes(text):
    html = render_markdown(text)

    assert "<script" not in html
    assert "<img" not in html
    assert "<iframe" not in html
    assert "<style" not in html
    assert not re.search(r"<a[^>]*javascript", html)


def test_headings_start_below_the_pages_own():
    assert render_markdown("# Pealkiri\n\n## Alapealkiri") == "<h3>Pealkiri</h3>\n<h4>Alapealkiri</h4>"


def test_empty_text_is_empty():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""


def test_the_filter_works_in_templates():
    rendered = Template("{% load markdown %}{{ text|markdown }}").render(Context({"text": "**x** <b>y</b>"}))

    assert rendered == "<p><strong>x</strong> &lt;b&gt;y&lt;/b&gt;</p>"
