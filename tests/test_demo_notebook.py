"""demo.ipynb runs top to bottom in a fresh kernel (this interpreter's), without errors."""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

DEMO = Path(__file__).resolve().parents[1] / "demo.ipynb"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

CHECK = """\
from vec2face_widget import FaceScatter
assert isinstance(w, FaceScatter), type(w)
assert w.n_points == len(embeddings) == len(labels) == 1797
assert w.selection and set(digits.target[w.selection]) <= {1, 7}, w.selection
import sys
print("demo checked", sys.executable)"""


class ThisPythonKernels(KernelSpecManager):
    """``python3`` = the interpreter running the tests, whatever else is installed."""

    def get_kernel_spec(self, kernel_name):  # noqa: ANN001, ANN201
        spec = super().get_kernel_spec(kernel_name)
        if kernel_name == "python3":
            spec.argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
        return spec


@pytest.mark.slow
def test_demo_notebook_runs(tmp_path: Path) -> None:
    nb = nbformat.read(DEMO, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.get("outputs") and cell.get("execution_count") is None, (
                "demo.ipynb is committed with outputs; clear them"
            )
    nb.cells.append(nbformat.v4.new_code_cell(CHECK))
    km = KernelManager(kernel_name="python3", kernel_spec_manager=ThisPythonKernels())
    client = NotebookClient(
        nb,
        km=km,
        timeout=600,
        kernel_name="python3",
        allow_errors=False,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()  # raises CellExecutionError on the first failing cell

    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    views = [o for o in outputs if WIDGET_VIEW in o.get("data", {})]
    assert views, "FaceScatter produced no widget view"
    checked = "".join(o.get("text", "") for o in nb.cells[-1].outputs)
    assert f"demo checked {sys.executable}" in checked, checked
