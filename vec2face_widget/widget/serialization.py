"""Numpy arrays to binary message buffers and back, with splitting of large messages.

Numbers never travel as JSON lists: every array becomes one little-endian buffer, and the
JSON part of a message only names the buffers (``"buffers": ["xy", "values"]``).

A message whose buffers add up to more than :data:`MAX_MESSAGE_BYTES` is split: the
buffers are concatenated into one byte stream, cut into pieces of at most that size and
sent as ``n_chunks`` messages that share a ``chunk_id``. Each piece carries the JSON
content, the piece number and the sizes of the original buffers, so the front end
(``js/src/codec.ts``) can put the original buffers back together.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from vec2face_widget.widget.protocol import MAX_MESSAGE_BYTES

__all__ = [
    "MAX_MESSAGE_BYTES",
    "ChunkAssembler",
    "from_buffer",
    "indices_from_bits",
    "join_chunks",
    "split_message",
    "to_buffer",
]


def to_buffer(array: np.ndarray, dtype: str | np.dtype) -> memoryview:
    """Return a C-contiguous little-endian copy of ``array`` as ``dtype``, as a memoryview."""
    dt = np.dtype(dtype).newbyteorder("<")
    data = np.ascontiguousarray(array, dtype=dt)
    # As flat bytes: memoryview.cast refuses empty multi-dimensional views.
    return data.reshape(-1).view(np.uint8).data


def from_buffer(buffer: Any, dtype: str | np.dtype) -> np.ndarray:
    """Read a little-endian buffer (bytes, memoryview...) as a flat array of ``dtype``.

    Raises ``ValueError`` when the buffer's length is not a whole number of items.
    """
    dt = np.dtype(dtype).newbyteorder("<")
    raw = memoryview(buffer).cast("B")
    if raw.nbytes % dt.itemsize:
        raise ValueError(f"buffer of {raw.nbytes} bytes is not a whole number of {dt.name} items")
    return np.frombuffer(raw, dtype=dt).astype(dt.newbyteorder("="), copy=False)


def indices_from_bits(buffer: Any, n: int) -> np.ndarray:
    """The points set in a bit mask of ``n`` points, sorted int64.

    Bit ``i & 7`` of byte ``i >> 3`` stands for point ``i`` (as ``encodeSelection`` in
    ``js/src/codec.ts`` writes it). Raises ``ValueError`` when the mask is not
    ``ceil(n / 8)`` bytes long or sets a bit past point ``n - 1``.
    """
    raw = from_buffer(buffer, "u1")
    if raw.size != (n + 7) // 8:
        raise ValueError(f"a bit mask of {raw.size} bytes for {n} points; expected {(n + 7) // 8}")
    bits = np.unpackbits(raw, bitorder="little")
    if bits[n:].any():
        raise ValueError(f"a bit mask sets points past the last one, {n - 1}")
    return np.flatnonzero(bits[:n]).astype(np.int64)


def split_message(
    content: Mapping[str, Any],
    buffers: list[memoryview],
    max_bytes: int = MAX_MESSAGE_BYTES,
) -> Iterator[tuple[dict[str, Any], list[memoryview]]]:
    """Yield ``(content, buffers)`` messages, each with at most ``max_bytes`` of buffers.

    A small message is yielded unchanged plus ``"n_chunks": 1``. A big one becomes
    several messages with ``"chunk_id"``, ``"chunk"`` (0-based), ``"n_chunks"`` and
    ``"sizes"`` (byte lengths of the original buffers) added to ``content``.
    """
    if max_bytes <= 0:
        raise ValueError(f"max_bytes: must be positive, got {max_bytes}")
    views = [memoryview(b).cast("B") for b in buffers]
    total = sum(v.nbytes for v in views)
    if total <= max_bytes:
        yield {**content, "n_chunks": 1}, views
        return
    sizes = [v.nbytes for v in views]
    stream = np.concatenate([np.frombuffer(v, dtype=np.uint8) for v in views])
    n_chunks = -(-total // max_bytes)
    chunk_id = uuid.uuid4().hex
    for i in range(n_chunks):
        piece = stream[i * max_bytes : (i + 1) * max_bytes]
        header = {
            **content,
            "chunk_id": chunk_id,
            "chunk": i,
            "n_chunks": n_chunks,
            "sizes": sizes,
        }
        yield header, [piece.data]


def join_chunks(
    pieces: list[tuple[dict[str, Any], list[Any]]],
) -> tuple[dict[str, Any], list[memoryview]]:
    """Inverse of :func:`split_message` (for tests and for big messages from the front end).

    ``pieces`` are the messages of one ``chunk_id``, in any order.
    """
    if not pieces:
        raise ValueError("pieces: no messages to join")
    first = pieces[0][0]
    if first.get("n_chunks", 1) == 1:
        return first, list(pieces[0][1])
    ordered = sorted(pieces, key=lambda p: p[0]["chunk"])
    if [p[0]["chunk"] for p in ordered] != list(range(first["n_chunks"])):
        raise ValueError("pieces: chunks are missing or repeated")
    stream = b"".join(bytes(memoryview(p[1][0]).cast("B")) for p in ordered)
    sizes = first["sizes"]
    if sum(sizes) != len(stream):
        raise ValueError("pieces: sizes do not add up to the joined length")
    out, start = [], 0
    for size in sizes:
        out.append(memoryview(stream)[start : start + size])
        start += size
    meta = {k: v for k, v in first.items() if k not in ("chunk", "chunk_id", "sizes", "n_chunks")}
    return meta, out


class ChunkAssembler:
    """Collects the pieces of split messages coming in, and hands back whole ones.

    Keeps at most ``max_pending`` unfinished messages; older ones are dropped.
    """

    def __init__(self, max_pending: int = 4) -> None:
        self._pending: dict[str, list[tuple[dict[str, Any], list[Any]]]] = {}
        self._max_pending = max_pending

    def feed(
        self, content: dict[str, Any], buffers: list[Any]
    ) -> tuple[dict[str, Any], list[Any]] | None:
        """Add one message; return the whole ``(content, buffers)`` once complete.

        A message that was never split is returned at once. Raises ``ValueError`` for
        a malformed piece.
        """
        n_chunks = content.get("n_chunks", 1)
        if n_chunks in (None, 1):
            return content, list(buffers)
        chunk_id = content.get("chunk_id")
        chunk = content.get("chunk")
        if (
            not isinstance(chunk_id, str)
            or not isinstance(n_chunks, int)
            or not isinstance(chunk, int)
            or not 0 <= chunk < n_chunks
            or len(buffers) != 1
        ):
            raise ValueError("malformed message piece")
        pieces = self._pending.setdefault(chunk_id, [])
        pieces.append((content, list(buffers)))
        while len(self._pending) > self._max_pending:
            self._pending.pop(next(iter(self._pending)))
        if len(pieces) < n_chunks:
            return None
        del self._pending[chunk_id]
        return join_chunks(pieces)
