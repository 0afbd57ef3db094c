"""Pixels of elements on a page: how much ink an element shows, and whether two shots differ."""

from __future__ import annotations

import io

from playwright.sync_api import Locator


def ink(png: bytes, threshold: int = 60) -> int:
    """Pixels of a screenshot darker or lighter than its most common colour by ``threshold``."""
    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("L")
    counts = img.getcolors(maxcolors=1 << 16) or []
    _, background = max(counts)
    return sum(n for n, v in counts if abs(v - background) > threshold)


def element_ink(locator: Locator) -> int:
    """Ink of one element, from a screenshot of it."""
    locator.scroll_into_view_if_needed()
    return ink(locator.screenshot())


def differing_pixels(a: bytes, b: bytes, threshold: int = 40) -> int:
    """Pixels whose grey level differs by more than ``threshold`` between two screenshots."""
    from PIL import Image, ImageChops

    first = Image.open(io.BytesIO(a)).convert("L")
    second = Image.open(io.BytesIO(b)).convert("L").resize(first.size)
    diff = ImageChops.difference(first, second)
    return sum(n for n, v in (diff.getcolors(maxcolors=256) or []) if v > threshold)
