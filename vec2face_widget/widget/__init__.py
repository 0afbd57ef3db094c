"""The Jupyter widget: the only part that knows about anywidget and traitlets."""
