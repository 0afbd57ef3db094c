"""PNG of the SVGs this package writes (faces_to_svg, legends, exported maps), with Pillow.

Not a general SVG renderer: it draws the few elements those SVGs use (``rect`` backgrounds,
``path`` made of M/L/Z commands (filled, then stroked), ``circle``, ``text``; ``fill``, ``stroke``,
``stroke-width``, ``font-size`` and ``text-anchor`` inherited from ``g``/``svg``), at
``scale`` times the SVG's size. Pillow comes with the ``plot`` extra (matplotlib needs it).
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from typing import Any

SVG_NS = "{http://www.w3.org/2000/svg}"
INHERITED = ("fill", "stroke", "stroke-width", "font-size", "text-anchor", "fill-opacity")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def _pillow() -> tuple[Any, Any, Any]:
    try:
        from PIL import Image, ImageDraw, ImageFont
    except ImportError:
        raise ImportError(
            "saving a PNG needs Pillow: pip install 'vec2face-widget[plot]' (or pillow); "
            "SVG needs nothing: save('picture.svg')"
        ) from None
    return Image, ImageDraw, ImageFont


def svg_to_png(svg: str, scale: float = 2.0) -> bytes:
    """The PNG bytes of ``svg`` drawn at ``scale`` times its width and height."""
    image_mod, draw_mod, font_mod = _pillow()
    root = ET.fromstring(svg)
    width, height = float(root.get("width", "0")), float(root.get("height", "0"))
    if not (width > 0 and height > 0):
        raise ValueError("svg_to_png: the SVG needs a positive width and height")
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    image = image_mod.new("RGB", size, "white")
    painter = _Painter(draw_mod.Draw(image, "RGBA"), font_mod, scale)
    painter.walk(root, {"fill": "black", "stroke": "none", "font-size": "12"})
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


class _Painter:
    def __init__(self, draw: Any, font_mod: Any, scale: float) -> None:
        self.draw = draw
        self.font_mod = font_mod
        self.scale = scale
        self.fonts: dict[int, Any] = {}

    def walk(self, node: ET.Element, style: dict[str, str]) -> None:
        style = {**style, **{k: v for k in INHERITED if (v := node.get(k)) is not None}}
        tag = node.tag.removeprefix(SVG_NS)
        paint = {"rect": self.rect, "path": self.path, "circle": self.circle, "text": self.text}
        if tag in paint:
            paint[tag](node, style)
        for child in node:
            self.walk(child, style)

    def _colour(self, value: str, style: dict[str, str]) -> tuple[int, ...] | str | None:
        if value in ("none", ""):
            return None
        opacity = float(style.get("fill-opacity", "1"))
        if opacity < 1 and value.startswith("#") and len(value) == 7:
            rgb = tuple(int(value[i : i + 2], 16) for i in (1, 3, 5))
            return (*rgb, round(255 * opacity))
        return value

    def rect(self, node: ET.Element, style: dict[str, str]) -> None:
        fill = self._colour(style.get("fill", "black"), style)
        if fill is not None and node.get("width") == "100%":
            self.draw.rectangle([(0, 0), self.draw.im.size], fill=fill)

    def path(self, node: ET.Element, style: dict[str, str]) -> None:
        fill = self._colour(style.get("fill", "black"), style)
        stroke = self._colour(style.get("stroke", "none"), style)
        width = max(1, round(float(style.get("stroke-width", "1")) * self.scale))
        for points, closed in _subpaths(node.get("d", "")):
            scaled = [(x * self.scale, y * self.scale) for x, y in points]
            if fill is not None and len(scaled) > 2:  # a fill closes the path, as in SVG
                self.draw.polygon(scaled, fill=fill)
            if stroke is None:
                continue
            if closed and len(scaled) > 2:
                scaled.append(scaled[0])
            if len(scaled) >= 2:
                self.draw.line(scaled, fill=stroke, width=width, joint="curve")

    def circle(self, node: ET.Element, style: dict[str, str]) -> None:
        fill = self._colour(style.get("fill", "black"), style)
        if fill is None:
            return
        cx, cy, r = (float(node.get(k, "0")) * self.scale for k in ("cx", "cy", "r"))
        self.draw.ellipse([(cx - r, cy - r), (cx + r, cy + r)], fill=fill)

    def text(self, node: ET.Element, style: dict[str, str]) -> None:
        content = "".join(node.itertext())
        fill = self._colour(style.get("fill", "black"), style) or "black"
        size = round(float(style.get("font-size", "12")) * self.scale)
        font = self.fonts.get(size) or self.fonts.setdefault(
            size, self.font_mod.load_default(size=size)
        )
        anchor = {"middle": "ms", "end": "rs"}.get(style.get("text-anchor", ""), "ls")
        x, y = float(node.get("x", "0")) * self.scale, float(node.get("y", "0")) * self.scale
        self.draw.text((x, y), content, fill=fill, font=font, anchor=anchor)


def _subpaths(d: str) -> list[tuple[list[tuple[float, float]], bool]]:
    """The polylines of a path made of M (move), L (line) and Z (close) commands."""
    out: list[tuple[list[tuple[float, float]], bool]] = []
    for chunk in re.split(r"(?=[Mm])", d.strip()):
        if not chunk.strip():
            continue
        numbers = [float(v) for v in _NUMBER.findall(chunk)]
        points = list(zip(numbers[0::2], numbers[1::2], strict=False))
        out.append((points, chunk.rstrip().upper().endswith("Z")))
    return out
