"""vec2face_widget: machine-learning embeddings shown as learned Chernoff faces.

Public names are imported lazily, so ``import vec2face_widget`` stays fast and the
JAX-backed parts load only when used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from vec2face_widget._version import __version__

_EXPORTS: dict[str, str] = {
    "load_helen": "vec2face_widget.faces.helen",
    "FaceModel": "vec2face_widget.faces.face_model",
    "faces_to_svg": "vec2face_widget.faces.svg",
    "draw_faces": "vec2face_widget.faces.mpl",
    "FaceMapper": "vec2face_widget.mapping.mapper",
    "FaceScatter": "vec2face_widget.widget.face_scatter",
}

__all__ = [*_EXPORTS, "__version__"]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from vec2face_widget.faces.face_model import FaceModel  # noqa: F401
    from vec2face_widget.faces.helen import load_helen  # noqa: F401
    from vec2face_widget.faces.mpl import draw_faces  # noqa: F401
    from vec2face_widget.faces.svg import faces_to_svg  # noqa: F401
    from vec2face_widget.mapping.mapper import FaceMapper  # noqa: F401
    from vec2face_widget.widget.face_scatter import FaceScatter  # noqa: F401


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'vec2face_widget' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
