"""Draws the PNG favicons from the same geometry as static/favicon.svg, with Pillow (already installed with
WeasyPrint), so that nothing but the SVG is the source:

    .venv/bin/python scripts/make_icons.py

writes static/favicon-32.png (a 32 px tab icon for browsers without SVG icons) and static/apple-touch-icon.png
(180 px, a full square with no transparency: iOS rounds the corners itself). Run it again after changing the
mark, and keep the numbers below in step with favicon.svg and static/img/portal-mark.svg.
"""

from pathlib import Path

from PIL import Image, ImageDraw

STATIC = Path(__file__).resolve().parent.parent / "static"
PRIMARY = "#0b4f6c"
ACCENT = "#ffbf47"
WHITE = "#ffffff"
# In the SVG's 32-unit box: the ring, its centre, and the three nodes on it.
RING_CENTRE, RING_RADIUS, RING_WIDTH = (16, 16.5), 9.5, 2.5
HUB_RADIUS = 3
NODES = [(16, 7), (7.77, 21.25), (24.23, 21.25)]
NODE_RADIUS = 3.75
SUPERSAMPLE = 8


def draw_icon(size: int, *, rounded: bool, padding: float = 0) -> Image.Image:
    """The mark on its primary tile, ``size`` pixels square; ``padding`` (in 32-unit box units) shrinks the mark
    inside the tile, for icons that platforms crop."""
    big = size * SUPERSAMPLE
    scale = big / (32 + 2 * padding)

    def point(x: float, y: float) -> tuple[float, float]:
        return ((x + padding) * scale, (y + padding) * scale)

    def disc(draw: ImageDraw.ImageDraw, centre: tuple[float, float], radius: float, **style) -> None:
        x, y = point(*centre)
        draw.ellipse((x - radius * scale, y - radius * scale, x + radius * scale, y + radius * scale), **style)

    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if rounded:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=6 * scale, fill=PRIMARY)
    else:
        draw.rectangle((0, 0, big, big), fill=PRIMARY)
    disc(draw, RING_CENTRE, RING_RADIUS + RING_WIDTH / 2, fill=ACCENT)
    disc(draw, RING_CENTRE, RING_RADIUS - RING_WIDTH / 2, fill=PRIMARY)
    disc(draw, RING_CENTRE, HUB_RADIUS, fill=ACCENT)
    for node in NODES:
        disc(draw, node, NODE_RADIUS, fill=WHITE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    draw_icon(32, rounded=True).save(STATIC / "favicon-32.png", optimize=True)
    draw_icon(180, rounded=False, padding=3).convert("RGB").save(STATIC / "apple-touch-icon.png", optimize=True)


if __name__ == "__main__":
    main()
