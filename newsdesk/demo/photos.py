"""Generated demo "photos": landscapes and city skylines drawn with Pillow, so that the demo ships
no third-party pictures. Deterministic for a given seed."""

import io
import random

from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT = 1600, 900  # drawing canvas
# Saved larger: structured data asks for 1:1 crops at least 1200 px wide.
OUTPUT_SIZE = (2400, 1350)

PALETTES = [
    ((24, 58, 112), (244, 164, 96), (35, 35, 48)),  # dusk
    ((135, 190, 235), (235, 245, 255), (60, 70, 80)),  # clear day
    ((90, 100, 120), (190, 195, 205), (40, 45, 50)),  # overcast
    ((255, 140, 90), (255, 220, 150), (70, 40, 60)),  # sunset
    ((20, 30, 60), (70, 90, 150), (10, 12, 20)),  # night
    ((160, 210, 200), (240, 250, 235), (40, 90, 70)),  # spring
]


def _gradient(draw, top, bottom):
    for y in range(HEIGHT):
        t = y / HEIGHT
        colour = tuple(int(top[i] + (bottom[i] - top[i]) * t) for i in range(3))
        draw.line([(0, y), (WIDTH, y)], fill=colour)


def make_photo(seed: int) -> bytes:
    """A JPEG of 2400×1350: sky, sun or moon, hills or a skyline, a river."""
    rng = random.Random(seed)
    top, bottom, ground = PALETTES[seed % len(PALETTES)]
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    _gradient(draw, top, bottom)
    sun_x, sun_y, radius = rng.randint(200, 1400), rng.randint(120, 380), rng.randint(40, 90)
    draw.ellipse(
        [sun_x - radius, sun_y - radius, sun_x + radius, sun_y + radius], fill=(255, 236, 180)
    )
    horizon = rng.randint(520, 640)
    if seed % 2:
        # A skyline: blocks of different heights with lit windows.
        x = 0
        while x < WIDTH:
            width, height = rng.randint(60, 160), rng.randint(120, 420)
            shade = tuple(max(0, c + rng.randint(-15, 15)) for c in ground)
            draw.rectangle([x, horizon - height, x + width, HEIGHT], fill=shade)
            for wy in range(horizon - height + 15, horizon - 10, 28):
                for wx in range(x + 10, x + width - 15, 22):
                    if rng.random() < 0.35:
                        draw.rectangle([wx, wy, wx + 9, wy + 14], fill=(250, 220, 140))
            x += width + rng.randint(0, 12)
    else:
        # Rolling hills.
        for layer in range(3):
            points = [(0, HEIGHT)]
            base = horizon + layer * 60
            for x in range(0, WIDTH + 100, 100):
                points.append((x, base - rng.randint(0, 140 - layer * 30)))
            points.append((WIDTH, HEIGHT))
            shade = tuple(min(255, c + layer * 25) for c in ground)
            draw.polygon(points, fill=shade)
    draw.rectangle([0, HEIGHT - 110, WIDTH, HEIGHT], fill=tuple(int(c * 0.8) for c in top))
    image = image.filter(ImageFilter.GaussianBlur(1.2)).resize(
        OUTPUT_SIZE, Image.Resampling.LANCZOS
    )
    output = io.BytesIO()
    image.save(output, format="JPEG", quality=82, optimize=True)
    return output.getvalue()
