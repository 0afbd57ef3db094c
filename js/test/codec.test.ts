import { describe, expect, it } from "vitest";
import {
  ChunkAssembler,
  encodeSelection,
  namedBuffers,
  splitOutgoing,
  toFloat32,
  toInt32,
  toUint16,
} from "../src/codec";
import { MAX_MESSAGE_BYTES } from "../src/protocol";

function bytes(n: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * 7) % 256);
}

describe("typed views of buffers", () => {
  it("reads little-endian numbers from DataViews, ArrayBuffers and views", () => {
    const f = new Float32Array([1.5, -2, 3.25]);
    expect(Array.from(toFloat32(new DataView(f.buffer)))).toEqual([1.5, -2, 3.25]);
    expect(Array.from(toInt32(new Int32Array([7, -1]).buffer))).toEqual([7, -1]);
    expect(Array.from(toUint16(new Uint16Array([65535, 3])))).toEqual([65535, 3]);
  });

  it("shares aligned memory and copies unaligned memory", () => {
    const raw = new Uint8Array(12);
    new Float32Array(raw.buffer, 4, 1)[0] = 2.5;
    const aligned = toFloat32(new DataView(raw.buffer, 4, 4));
    expect(aligned.buffer).toBe(raw.buffer);
    const shifted = new Uint8Array(13);
    shifted.set(raw.subarray(4, 8), 1);
    const unaligned = toFloat32(new DataView(shifted.buffer, 1, 4));
    expect(unaligned[0]).toBe(2.5);
    expect(unaligned.buffer).not.toBe(shifted.buffer);
  });

  it("refuses a length that is not a whole number of items", () => {
    expect(() => toFloat32(new ArrayBuffer(6))).toThrow(/float32 buffer of 6 bytes/);
    expect(() => toInt32(new ArrayBuffer(3))).toThrow(/int32/);
    expect(() => toUint16(new ArrayBuffer(3))).toThrow(/uint16/);
  });

  it("names the buffers of a message, ignoring junk names", () => {
    const a = new DataView(new ArrayBuffer(4));
    const b = new DataView(new ArrayBuffer(8));
    const named = namedBuffers(["xy", "values"], [a, b]);
    expect(named.get("xy")).toBe(a);
    expect(named.get("values")).toBe(b);
    expect(namedBuffers("xy", [a]).size).toBe(0);
    expect(namedBuffers([3, "xy"], [a, b]).get("xy")).toBe(b);
  });
});

describe("splitOutgoing", () => {
  it("sends a small buffer whole, as one message", () => {
    const data = new Int32Array([1, 2, 3]);
    const parts = splitOutgoing(data);
    expect(parts).toHaveLength(1);
    expect(parts[0][0]).toEqual({ n_chunks: 1 });
    expect(Array.from(new Int32Array(parts[0][1]))).toEqual([1, 2, 3]);
  });

  it("copies a view into part of a bigger buffer", () => {
    const big = new Int32Array([9, 1, 2, 9]);
    const [[, buffer]] = splitOutgoing(big.subarray(1, 3));
    expect(Array.from(new Int32Array(buffer))).toEqual([1, 2]);
  });

  it("cuts a big buffer into pieces of at most maxBytes with one chunk id", () => {
    const data = bytes(25);
    const parts = splitOutgoing(data, 10);
    expect(parts.map(([, b]) => b.byteLength)).toEqual([10, 10, 5]);
    const ids = new Set(parts.map(([h]) => h.chunk_id));
    expect(ids.size).toBe(1);
    expect(parts.map(([h]) => [h.chunk, h.n_chunks, h.sizes])).toEqual([
      [0, 3, [25]],
      [1, 3, [25]],
      [2, 3, [25]],
    ]);
  });

  it("uses the protocol's limit of 8 MiB by default", () => {
    expect(MAX_MESSAGE_BYTES).toBe(8 * 1024 * 1024);
    expect(splitOutgoing(new Uint8Array(MAX_MESSAGE_BYTES))).toHaveLength(1);
    expect(splitOutgoing(new Uint8Array(MAX_MESSAGE_BYTES + 1))).toHaveLength(2);
  });
});

describe("ChunkAssembler", () => {
  it("passes a message that was never split straight through", () => {
    const assembler = new ChunkAssembler();
    const msg = { type: "selection", n_chunks: 1 };
    const whole = assembler.feed(msg, [new Int32Array([4, 5])]);
    expect(whole?.[0]).toBe(msg);
    expect(Array.from(toInt32(whole?.[1][0] ?? new ArrayBuffer(0)))).toEqual([4, 5]);
  });

  it("joins pieces in any order and splits them into the original buffers", () => {
    // Two buffers (6 + 9 bytes) as the kernel splits them: one stream, cut every 4 bytes.
    const stream = bytes(15);
    const header = { type: "points", n_chunks: 4, chunk_id: "c", sizes: [6, 9] };
    const assembler = new ChunkAssembler();
    const order = [2, 0, 3, 1];
    const results = order.map((i) =>
      assembler.feed({ ...header, chunk: i }, [new DataView(stream.buffer, 4 * i, Math.min(4, 15 - 4 * i))]),
    );
    expect(results.slice(0, 3)).toEqual([null, null, null]);
    const [content, buffers] = results[3] ?? [null, []];
    expect(content?.type).toBe("points");
    expect(buffers.map((b) => Array.from(new Uint8Array(b.buffer, b.byteOffset, b.byteLength)))).toEqual([
      Array.from(stream.subarray(0, 6)),
      Array.from(stream.subarray(6)),
    ]);
  });

  it("round-trips what splitOutgoing cut", () => {
    const data = bytes(1000);
    const assembler = new ChunkAssembler();
    let whole: ReturnType<typeof assembler.feed> = null;
    for (const [header, buffer] of splitOutgoing(data, 64)) whole = assembler.feed(header, [buffer]);
    expect(whole).not.toBeNull();
    const [out] = whole?.[1] ?? [];
    expect(Array.from(new Uint8Array(out.buffer, out.byteOffset, out.byteLength))).toEqual(Array.from(data));
  });

  it("drops the oldest unfinished message beyond maxPending", () => {
    const assembler = new ChunkAssembler(1);
    const piece = (id: string, chunk: number) =>
      assembler.feed({ n_chunks: 2, chunk, chunk_id: id, sizes: [2] }, [new Uint8Array([chunk])]);
    expect(piece("a", 0)).toBeNull();
    expect(piece("b", 0)).toBeNull(); // "a" is dropped
    expect(piece("a", 1)).toBeNull(); // so this starts "a" afresh, dropping "b"
    expect(piece("a", 0)).not.toBeNull();
  });

  it("refuses a malformed piece and sizes that do not add up", () => {
    const assembler = new ChunkAssembler();
    expect(() => assembler.feed({ n_chunks: 2, chunk: 0 }, [new Uint8Array(1)])).toThrow(/malformed/);
    expect(() => assembler.feed({ n_chunks: 2, chunk: 0, chunk_id: "x" }, [])).toThrow(/malformed/);
    assembler.feed({ n_chunks: 2, chunk: 0, chunk_id: "y", sizes: [5] }, [new Uint8Array(2)]);
    expect(() => assembler.feed({ n_chunks: 2, chunk: 1, chunk_id: "y", sizes: [5] }, [new Uint8Array(2)])).toThrow(
      /do not add up/,
    );
  });
});

describe("a selection on its way to the kernel", () => {
  it("goes as one bit a point when that is smaller than int32 indices", () => {
    const { bits, data } = encodeSelection([0, 3, 8, 9, 17], 18); // 3 bytes < 20
    expect(bits).toBe(true);
    expect(Array.from(data as Uint8Array)).toEqual([0b1001, 0b11, 0b10]);
  });

  it("goes as int32 indices when those are smaller, or the count of points is unknown", () => {
    for (const [indices, n] of [
      [[5, 900], 1000],
      [[0, 1, 2], 0],
    ] as [number[], number][]) {
      const { bits, data } = encodeSelection(indices, n);
      expect(bits).toBe(false);
      expect(Array.from(data as Int32Array)).toEqual(indices);
    }
  });

  it("keeps indices out of range as int32, for the kernel to refuse", () => {
    for (const bad of [
      [1, 2, 20],
      [1, 2, -1],
      [1, 2, 1.5],
    ]) {
      const { bits, data } = encodeSelection(bad, 16);
      expect(bits).toBe(false);
      expect(Array.from(data as Int32Array)).toEqual(bad.map(Math.trunc));
    }
  });

  it("keeps a million-point selection of a tenth under 128 KiB", () => {
    const n = 1_000_000;
    const indices = Array.from({ length: n / 10 }, (_, k) => k * 10 + 3);
    const { bits, data } = encodeSelection(indices, n);
    expect(bits).toBe(true);
    expect(data.byteLength).toBe(125_000);
    const mask = data as Uint8Array;
    const back: number[] = [];
    for (let i = 0; i < n; i++) if ((mask[i >> 3] >> (i & 7)) & 1) back.push(i);
    expect(back).toEqual(indices);
  });
});
