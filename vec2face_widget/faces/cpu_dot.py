"""Which library runs the decoder's big matrix product on the CPU.

XLA's CPU backend hands matrix products to YNNPACK or XNNPACK by default. For the folded
decoder's one product a face, ``(4096, 97) @ (97, 388)``, its own Eigen kernels are faster
on the 2-core machine this was measured on: 100,000 faces decoded 5-30% faster end to end,
17% in the median of 21 runs (``benchmarks/decode_speed.py`` prints both).
:func:`jit_eigen_dot` compiles a function with those products left to Eigen, through
per-function compile options, so no global XLA flag changes for the user's own JAX code.
Where this JAX does not know the options, or the backend is not the CPU, it is a plain
:func:`jax.jit`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import jax
import numpy as np

__all__ = ["EIGEN_DOT", "eigen_dot_options", "jit_eigen_dot"]

EIGEN_DOT: dict[str, Any] = {
    "xla_cpu_experimental_ynn_fusion_type": "",  # no product goes to YNNPACK
    "xla_cpu_use_xnnpack": False,  # nor to XNNPACK: Eigen runs them
}
"""XLA debug options that leave matrix products on the CPU to Eigen."""


@functools.cache
def eigen_dot_options() -> dict[str, Any]:
    """:data:`EIGEN_DOT` if this JAX accepts them and runs on the CPU, else ``{}``.

    Probed once by compiling a small product with them.
    """
    if jax.default_backend() != "cpu":
        return {}
    try:
        probe = jax.jit(lambda x: x @ x, compiler_options=EIGEN_DOT)
        probe.lower(np.zeros((2, 2), np.float32)).compile()
    except (TypeError, ValueError, RuntimeError):  # an older JAX, or an unknown option
        return {}
    return dict(EIGEN_DOT)


def jit_eigen_dot(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``jax.jit(fn)``, with its matrix products run by Eigen where that is possible."""
    options = eigen_dot_options()
    return jax.jit(fn, compiler_options=options) if options else jax.jit(fn)
