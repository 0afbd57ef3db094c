import numpy as np
import pytest

from vec2face_widget.widget.serialization import (
    ChunkAssembler,
    from_buffer,
    indices_from_bits,
    join_chunks,
    split_message,
    to_buffer,
)


def test_buffer_round_trip_little_endian():
    a = np.arange(6, dtype=np.float64).reshape(3, 2)
    buf = to_buffer(a, "<f4")
    assert isinstance(buf, memoryview) and buf.nbytes == 24
    assert bytes(buf)[:4] == np.float32(0).tobytes()
    assert from_buffer(buf, "<f4").tolist() == [0, 1, 2, 3, 4, 5]


def test_from_buffer_rejects_partial_items():
    with pytest.raises(ValueError, match="not a whole number"):
        from_buffer(b"abc", "<i4")


def test_small_message_is_one_piece():
    pieces = list(split_message({"type": "x"}, [to_buffer(np.zeros(4), "<f4")], max_bytes=100))
    assert len(pieces) == 1 and pieces[0][0] == {"type": "x", "n_chunks": 1}


def test_big_message_is_split_and_joined():
    xy = np.arange(1000, dtype=np.float32)
    values = np.arange(300, dtype=np.int32)
    pieces = list(
        split_message({"type": "points"}, [to_buffer(xy, "<f4"), to_buffer(values, "<i4")], 1000)
    )
    assert len(pieces) == 6  # 5200 bytes in pieces of at most 1000
    assert all(memoryview(b[0]).nbytes <= 1000 for _, b in pieces)
    assert {c["chunk_id"] for c, _ in pieces} == {pieces[0][0]["chunk_id"]}
    content, buffers = join_chunks(pieces[::-1])
    assert content == {"type": "points"}
    assert np.array_equal(from_buffer(buffers[0], "<f4"), xy)
    assert np.array_equal(from_buffer(buffers[1], "<i4"), values)


def test_assembler_waits_for_all_pieces():
    data = np.arange(100, dtype=np.int32)
    pieces = list(split_message({"type": "select"}, [to_buffer(data, "<i4")], 64))
    assembler = ChunkAssembler()
    results = [assembler.feed(c, b) for c, b in pieces]
    assert all(r is None for r in results[:-1])
    content, buffers = results[-1]
    assert content["type"] == "select"
    assert np.array_equal(from_buffer(buffers[0], "<i4"), data)


def test_assembler_rejects_garbage_piece():
    with pytest.raises(ValueError):
        ChunkAssembler().feed({"n_chunks": 3, "chunk": "x", "chunk_id": 1}, [b""])


def test_empty_multidimensional_array_encodes():
    # an empty selection answers with (0, 194, 2) landmarks: that must encode, not raise
    buf = to_buffer(np.zeros((0, 194, 2), np.float32), "<f4")
    assert buf.nbytes == 0 and from_buffer(buf, "<f4").shape == (0,)


@pytest.mark.parametrize("n", [1, 7, 8, 9, 1000, 1_000_003])
def test_bits_give_back_the_points_set(n):
    rng = np.random.default_rng(n)
    chosen = np.flatnonzero(rng.random(n) < 0.3)
    mask = np.zeros(n, np.uint8)
    mask[chosen] = 1
    got = indices_from_bits(memoryview(np.packbits(mask, bitorder="little")), n)
    assert got.dtype == np.int64 and got.tolist() == chosen.tolist()


def test_bits_of_the_wrong_length_or_past_the_end_are_refused():
    with pytest.raises(ValueError, match="1 bytes for 9 points; expected 2"):
        indices_from_bits(bytes(1), 9)
    with pytest.raises(ValueError, match="past the last one, 8"):
        indices_from_bits(bytes([0, 2]), 9)  # point 9
