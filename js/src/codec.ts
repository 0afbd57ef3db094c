// Binary codecs: typed arrays in and out of widget message buffers, and the splitting
// and reassembly of messages larger than MAX_MESSAGE_BYTES (the kernel's side:
// vec2face_widget/widget/serialization.py).

import type { ChunkHeader } from "./protocol";
import { MAX_MESSAGE_BYTES } from "./protocol";

/** A buffer as anywidget hands it over: usually a DataView, sometimes a raw buffer. */
export type BufferLike = DataView | ArrayBuffer | ArrayBufferView;

function bytesOf(buffer: BufferLike): Uint8Array {
  if (buffer instanceof ArrayBuffer) return new Uint8Array(buffer);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** A buffer as a Float32Array (copied only when it is not 4-byte aligned). */
export function toFloat32(buffer: BufferLike): Float32Array {
  const bytes = bytesOf(buffer);
  if (bytes.byteLength % 4 !== 0) throw new Error(`float32 buffer of ${bytes.byteLength} bytes`);
  if (bytes.byteOffset % 4 === 0) {
    return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  }
  return new Float32Array(bytes.slice().buffer);
}

/** A buffer as an Int32Array (copied only when it is not 4-byte aligned). */
export function toInt32(buffer: BufferLike): Int32Array {
  const bytes = bytesOf(buffer);
  if (bytes.byteLength % 4 !== 0) throw new Error(`int32 buffer of ${bytes.byteLength} bytes`);
  if (bytes.byteOffset % 4 === 0) {
    return new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  }
  return new Int32Array(bytes.slice().buffer);
}

/** A buffer as a Uint16Array (copied only when it is not 2-byte aligned). */
export function toUint16(buffer: BufferLike): Uint16Array {
  const bytes = bytesOf(buffer);
  if (bytes.byteLength % 2 !== 0) throw new Error(`uint16 buffer of ${bytes.byteLength} bytes`);
  if (bytes.byteOffset % 2 === 0) {
    return new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2);
  }
  return new Uint16Array(bytes.slice().buffer);
}

/**
 * A selection as the kernel is sent it: `indices` (each in 0..nPoints-1) as int32 indices,
 * or as one bit a point (bit `i & 7` of byte `i >> 3`) where that is smaller, i.e. for more
 * than a 32nd of the points. Up to a million points a selection then stays under 128 KiB:
 * a WebSocket message that size leaves the page at once, while a bigger one goes out in
 * pieces between main-thread tasks, so it would wait for the highlighting of a big
 * selection. Indices out of range go as int32 (the kernel says what is wrong).
 */
export function encodeSelection(
  indices: ArrayLike<number>,
  nPoints: number,
): { bits: boolean; data: Int32Array | Uint8Array } {
  const bytes = Math.ceil(nPoints / 8);
  if (nPoints > 0 && bytes < 4 * indices.length) {
    const bits = new Uint8Array(bytes);
    let inRange = true;
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k];
      if (!(i >= 0 && i < nPoints && Number.isInteger(i))) {
        inRange = false;
        break;
      }
      bits[i >> 3] |= 1 << (i & 7);
    }
    if (inRange) return { bits: true, data: bits };
  }
  return { bits: false, data: Int32Array.from(indices) };
}

/**
 * Split one outgoing buffer into messages of at most `maxBytes` (the kernel joins them,
 * see serialization.py). Returns [header fields, buffer] per message.
 */
export function splitOutgoing(data: ArrayBufferView, maxBytes = MAX_MESSAGE_BYTES): [ChunkHeader, ArrayBuffer][] {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (bytes.byteLength <= maxBytes) {
    const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
    return [[{ n_chunks: 1 }, whole ? (bytes.buffer as ArrayBuffer) : bytes.slice().buffer]];
  }
  const n = Math.ceil(bytes.byteLength / maxBytes);
  const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  const out: [ChunkHeader, ArrayBuffer][] = [];
  for (let i = 0; i < n; i++) {
    const piece = bytes.slice(i * maxBytes, Math.min(bytes.byteLength, (i + 1) * maxBytes));
    out.push([{ n_chunks: n, chunk: i, chunk_id: id, sizes: [bytes.byteLength] }, piece.buffer]);
  }
  return out;
}

interface Pending {
  pieces: Map<number, Uint8Array>;
  total: number;
}

/** Collects the pieces of split messages; hands back whole ones with their buffers. */
export class ChunkAssembler {
  private pending = new Map<string, Pending>();

  constructor(private readonly maxPending = 4) {}

  /** Add one message; returns the whole message once all its pieces are in, else null. */
  feed<T extends ChunkHeader>(msg: T, buffers: BufferLike[]): [T, DataView[]] | null {
    const n = msg.n_chunks ?? 1;
    if (n <= 1) return [msg, buffers.map(toDataView)];
    const id = msg.chunk_id;
    const index = msg.chunk;
    if (typeof id !== "string" || typeof index !== "number" || buffers.length !== 1) {
      throw new Error("malformed message piece");
    }
    let entry = this.pending.get(id);
    if (!entry) {
      entry = { pieces: new Map(), total: n };
      this.pending.set(id, entry);
      while (this.pending.size > this.maxPending) {
        const oldest = this.pending.keys().next().value;
        if (oldest === undefined) break;
        this.pending.delete(oldest);
      }
    }
    entry.pieces.set(index, bytesOf(buffers[0]));
    if (entry.pieces.size < entry.total) return null;
    this.pending.delete(id);
    return [msg, splitBySizes(joinPieces(entry), msg.sizes ?? [])];
  }
}

function joinPieces(entry: Pending): Uint8Array {
  let length = 0;
  for (const piece of entry.pieces.values()) length += piece.byteLength;
  const out = new Uint8Array(length);
  let offset = 0;
  for (let i = 0; i < entry.total; i++) {
    const piece = entry.pieces.get(i);
    if (!piece) throw new Error(`message piece ${i} is missing`);
    out.set(piece, offset);
    offset += piece.byteLength;
  }
  return out;
}

function splitBySizes(stream: Uint8Array, sizes: number[]): DataView[] {
  const total = sizes.reduce((sum, size) => sum + size, 0);
  if (total !== stream.byteLength) throw new Error("split message sizes do not add up");
  const out: DataView[] = [];
  let offset = 0;
  for (const size of sizes) {
    out.push(new DataView(stream.buffer, stream.byteOffset + offset, size));
    offset += size;
  }
  return out;
}

function toDataView(buffer: BufferLike): DataView {
  if (buffer instanceof DataView) return buffer;
  const bytes = bytesOf(buffer);
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Map a message's named buffers ("buffers": ["xy", "values"]) to the buffers. */
export function namedBuffers(names: unknown, buffers: DataView[]): Map<string, DataView> {
  const out = new Map<string, DataView>();
  if (!Array.isArray(names)) return out;
  names.forEach((name, i) => {
    const buffer = buffers[i];
    if (typeof name === "string" && buffer) out.set(name, buffer);
  });
  return out;
}
