"""The front-end bundle (``static/widget.js``): where it is, and what to do without it.

Wheels and sdists always carry the bundle (the build hook in ``hatch_build.py`` makes it).
Only a source checkout installed in editable mode can lack it; then the widget shows a
message in place of the scatter, and constructing a ``FaceScatter`` warns.
"""

from __future__ import annotations

import pathlib
import warnings

BUNDLE = pathlib.Path(__file__).resolve().parent.parent / "static" / "widget.js"

HOW_TO_BUILD = (
    "build it with `make js` in the source checkout (needs Node.js >= 18 and npm), "
    "or reinstall the package with Node.js available"
)

MISSING_BUNDLE_ESM = f"""
export default {{ render({{ el }}) {{
  const box = document.createElement("div");
  box.className = "v2f-error";
  box.textContent = "vec2face_widget: the front-end bundle is missing: {HOW_TO_BUILD}.";
  el.appendChild(box);
}} }};
"""


class MissingBundleWarning(UserWarning):
    """The front-end bundle is missing: the widget cannot draw."""


def esm() -> str:
    """The widget's ``_esm``: the bundle's text, or a stub that says it is missing.

    Text, not the bundle's path: anywidget turns a path into a file watcher and ties every
    instance to it for good, so no widget could ever be freed. (It reads a one-line string
    as a path too, hence the leading comment line.)
    """
    if not BUNDLE.is_file():
        return MISSING_BUNDLE_ESM
    return "// vec2face_widget front end\n" + BUNDLE.read_text(encoding="utf-8")


def warn_if_missing(stacklevel: int = 3) -> None:
    """Warn (``MissingBundleWarning``) when the bundle is not there."""
    if not BUNDLE.is_file():
        warnings.warn(
            f"vec2face_widget: the front-end bundle {BUNDLE} is missing, so the widget "
            f"will show only an error message; {HOW_TO_BUILD}.",
            MissingBundleWarning,
            stacklevel=stacklevel,
        )
