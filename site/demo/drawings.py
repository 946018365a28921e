"""The demo's product pictures, drawn with Pillow when the demo is seeded: nothing is
fetched. Each function returns a 1200 × 900 RGB picture of one device on a plain
background (the site shows WebP renditions, PNG for the rest)."""

from __future__ import annotations

from collections.abc import Callable

from PIL import Image, ImageChops, ImageDraw

SIZE = (1200, 900)
BACKGROUND = "#e2e8f0"
SHADOW = "#cbd5e1"
BODY = "#1b2430"
BUMPER = "#c2410c"
SCREEN = "#0f172a"
GLASS = "#38bdf8"
KEY = "#475569"
LIGHT = "#f8fafc"


def _canvas() -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", SIZE, BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.ellipse([(250, 790), (950, 860)], fill=SHADOW)
    return image, draw


def _screen(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int]) -> None:
    left, top, right, bottom = box
    draw.rounded_rectangle(box, radius=14, fill=SCREEN)
    inner = (left + 18, top + 18, right - 18, bottom - 18)
    draw.rounded_rectangle(inner, radius=8, fill=GLASS)
    # An app on the screen: a header bar and list rows.
    draw.rectangle((inner[0], inner[1], inner[2], inner[1] + 48), fill="#0369a1")
    row = inner[1] + 70
    while row + 36 < inner[3]:
        draw.rounded_rectangle((inner[0] + 16, row, inner[2] - 16, row + 30), radius=6, fill=LIGHT)
        row += 50


def handheld() -> Image.Image:
    """A rugged handheld computer: tall body, orange bumpers, screen and keypad."""
    image, draw = _canvas()
    draw.rounded_rectangle((430, 60, 770, 820), radius=60, fill=BUMPER)
    draw.rounded_rectangle((455, 85, 745, 795), radius=44, fill=BODY)
    draw.rectangle((560, 40, 640, 70), fill=KEY)  # scan window
    _screen(draw, (480, 120, 720, 480))
    for row in range(4):
        for column in range(3):
            x, y = 500 + column * 72, 510 + row * 66
            draw.rounded_rectangle((x, y, x + 56, y + 48), radius=10, fill=KEY)
    return image


def tablet() -> Image.Image:
    """A rugged tablet in landscape, with corner bumpers and a handle strap."""
    image, draw = _canvas()
    draw.rounded_rectangle((170, 180, 1030, 760), radius=50, fill=BODY)
    for x, y in ((170, 180), (930, 180), (170, 660), (930, 660)):
        draw.rounded_rectangle((x, y, x + 100, y + 100), radius=40, fill=BUMPER)
    _screen(draw, (240, 240, 960, 700))
    draw.rounded_rectangle((520, 130, 680, 190), radius=20, fill=KEY)  # handle
    return image


def scanner() -> Image.Image:
    """A pistol-grip barcode scanner with its red scan line."""
    image, draw = _canvas()
    draw.polygon(
        [
            (300, 250),
            (860, 250),
            (900, 420),
            (640, 430),
            (600, 780),
            (470, 780),
            (480, 430),
            (300, 420),
        ],
        fill=BODY,
    )
    draw.rounded_rectangle((280, 230, 900, 440), radius=60, outline=BUMPER, width=24)
    draw.rounded_rectangle((470, 640, 610, 800), radius=30, fill=BUMPER)  # grip end
    draw.rectangle((880, 290, 930, 390), fill=KEY)  # scan window
    draw.line([(930, 340), (1150, 250)], fill="#dc2626", width=6)
    draw.line([(930, 340), (1150, 430)], fill="#dc2626", width=6)
    draw.rounded_rectangle((380, 300, 560, 380), radius=12, fill=GLASS)
    return image


def family() -> Image.Image:
    """The three devices side by side, for the home page's banner."""
    image = Image.new("RGB", SIZE, BACKGROUND)
    ImageDraw.Draw(image).ellipse([(80, 800), (1120, 870)], fill=SHADOW)
    tab = tablet().resize((720, 540)).crop((60, 80, 660, 500))
    image.paste(tab, (40, 300))
    hand = handheld().resize((600, 450)).crop((200, 10, 400, 430))
    image.paste(hand, (640, 380))
    scan = scanner().resize((480, 360)).crop((120, 90, 480, 330))
    image.paste(scan, (820, 120))
    return image


def quay() -> Image.Image:
    """The T-Rock 8 standing on a wet quay at dusk (1200 × 600)."""
    image = Image.new("RGB", (1200, 600), "#334155")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 1200, 260), fill="#475569")  # sky
    draw.rectangle((0, 260, 1200, 380), fill="#1e3a5f")  # sea
    for y in range(280, 380, 24):
        draw.line([(0, y), (1200, y)], fill="#2b4c74", width=3)
    draw.rectangle((0, 380, 1200, 600), fill="#64748b")  # the quay's stones
    for x in range(0, 1200, 150):
        draw.line([(x, 380), (x - 60, 600)], fill="#556274", width=4)
    draw.ellipse((420, 520, 800, 580), fill="#3b4a5e")  # puddle
    device = handheld().crop((400, 30, 800, 830)).resize((200, 400), Image.NEAREST)
    # Only the device, not the studio background it was drawn on.
    mask = ImageChops.multiply(
        *(
            ImageChops.difference(device, Image.new("RGB", device.size, colour))
            .convert("L")
            .point(lambda value: 255 if value else 0)
            for colour in (BACKGROUND, SHADOW)
        )
    )
    image.paste(device, (500, 160), mask)
    draw.rectangle((60, 200, 90, 380), fill=BUMPER)  # a bollard's post
    draw.ellipse((40, 180, 110, 220), fill=BUMPER)
    return image


DRAWINGS: dict[str, Callable[[], Image.Image]] = {
    "handheld": handheld,
    "tablet": tablet,
    "scanner": scanner,
    "family": family,
    "factory": quay,
}
