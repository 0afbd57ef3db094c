"""The version of vec2face_widget: the one place it is written.

pyproject.toml reads it (hatch dynamic version) and the build checks that
js/package.json agrees.
"""

__version__ = "0.1.0"
