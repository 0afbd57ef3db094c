// The face decoder in the browser, for saved notebooks with no kernel (brushing in an HTML
// export). A port of vec2face_widget/faces/portable.py's decode_arrays, which equals the
// kernel's FaceModel.decode; the weights come from the kernel (the `_snapshot_decoder` trait).
// In a live notebook the kernel stays the decoder.

import type { BufferLike } from "./codec";
import { toFloat32 } from "./codec";

export interface Outline {
  c1: number;
  c2: number;
  upper: number[];
  lower: number[];
  sign: number;
}

export interface DecoderWeights {
  dim: number;
  bent: number;
  hidden: number;
  scale: number;
  featureSlack: number;
  outlines: Outline[];
  lin: Float32Array;
  linB: Float32Array;
  hid: Float32Array;
  hidB: Float32Array;
  out: Float32Array;
  outTwin: Float32Array;
  gate: Float32Array;
  parity: Float32Array;
  mean: Float32Array;
  margins: Float32Array;
}

const N = 194;
const EMPTY = new ArrayBuffer(0);

function isBuffer(value: unknown): value is BufferLike {
  return value instanceof DataView || value instanceof ArrayBuffer || ArrayBuffer.isView(value);
}

/** The weights in a `_snapshot_decoder` dict (decoder_arrays' fields), or null. */
export function readWeights(record: Record<string, unknown>): DecoderWeights | null {
  const f = (key: string) => toFloat32(isBuffer(record[key]) ? (record[key] as BufferLike) : EMPTY);
  if (!(Number(record.dim) > 0) || !Array.isArray(record.outlines)) return null;
  return {
    dim: Number(record.dim),
    bent: Number(record.bent),
    hidden: Number(record.hidden),
    scale: Number(record.scale),
    featureSlack: Number(record.feature_slack),
    outlines: record.outlines as Outline[],
    lin: f("lin"),
    linB: f("lin_b"),
    hid: f("hid"),
    hidB: f("hid_b"),
    out: f("out"),
    outTwin: f("out_twin"),
    gate: f("gate"),
    parity: f("parity"),
    mean: f("mean"),
    margins: f("margins"),
  };
}

/** tanh([first, known] @ hid + hidB), first: the bent latents (maybe mirrored). */
function hiddenLayer(w: DecoderWeights, first: Float64Array, known: Float64Array): Float64Array {
  const h = new Float64Array(w.hidden);
  for (let j = 0; j < w.hidden; j++) {
    let sum = w.hidB[j];
    for (let i = 0; i < w.bent; i++) sum += first[i] * w.hid[i * w.hidden + j];
    for (let i = 0; i < w.dim; i++) sum += known[i] * w.hid[(w.bent + i) * w.hidden + j];
    h[j] = Math.tanh(sum);
  }
  return h;
}

/** The linear and tanh layers: one face (N*2 coordinates) before the last layers. */
function firstLayers(w: DecoderWeights, z: ArrayLike<number>, k: number): Float64Array {
  const full = new Float64Array(w.dim);
  const known = new Float64Array(w.dim);
  for (let i = 0; i < k; i++) {
    full[i] = z[i];
    known[i] = 1;
  }
  const bent = full.slice(0, w.bent);
  const mirrored = bent.map((v, i) => v * w.parity[i]);
  const h = hiddenLayer(w, bent, known);
  const ht = hiddenLayer(w, mirrored, known);
  const width = 2 * N;
  const f = new Float64Array(width);
  const gate = w.gate[k - 1];
  for (let c = 0; c < width; c++) {
    let residual = 0;
    for (let j = 0; j < w.hidden; j++) residual += h[j] * w.out[j * width + c] + ht[j] * w.outTwin[j * width + c];
    let x = w.linB[c] + gate * residual;
    for (let i = 0; i < w.dim; i++) x += full[i] * w.lin[i * width + c];
    f[c] = x * w.scale + w.mean[c];
  }
  return f;
}

/** The lid layer: each outline's lower points kept at least its margin below the upper. */
function lidLayer(w: DecoderWeights, f: Float64Array): void {
  let start = 0;
  for (const o of w.outlines) {
    let ax = f[2 * o.c2] - f[2 * o.c1];
    let ay = f[2 * o.c2 + 1] - f[2 * o.c1 + 1];
    const norm = Math.hypot(ax, ay) + 1e-9;
    ax /= norm;
    ay /= norm;
    const nx = -o.sign * ay;
    const ny = o.sign * ax;
    const pushes = o.upper.map((u, j) => {
      const l = o.lower[j];
      const gap = (f[2 * l] - f[2 * u]) * nx + (f[2 * l + 1] - f[2 * u + 1]) * ny;
      return Math.max(w.margins[start + j] - gap, 0) / 2;
    });
    o.upper.forEach((u, j) => {
      f[2 * u] -= pushes[j] * nx;
      f[2 * u + 1] -= pushes[j] * ny;
    });
    o.lower.forEach((l, j) => {
      f[2 * l] += pushes[j] * nx;
      f[2 * l + 1] += pushes[j] * ny;
    });
    start += o.upper.length;
  }
}

/** The jaw layer: the features' x kept within the jaw's width (plus a little slack). */
function jawLayer(w: DecoderWeights, f: Float64Array): void {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < 41; i++) {
    lo = Math.min(lo, f[2 * i]);
    hi = Math.max(hi, f[2 * i]);
  }
  const centre = (lo + hi) / 2;
  const half = (hi - lo) / 2;
  let reach = 0;
  for (let i = 41; i < 154; i++) reach = Math.max(reach, Math.abs(f[2 * i] - centre));
  const shrink = Math.min(1, (half * (1 + 2 * w.featureSlack)) / Math.max(reach, 1e-9));
  for (let i = 41; i < N; i++) f[2 * i] = centre + shrink * (f[2 * i] - centre);
}

/** Faces (n * 194 * 2, face after face) of `n` latents of width `k`, row after row. */
export function decodeFaces(w: DecoderWeights, latents: ArrayLike<number>, n: number, k: number): Float32Array {
  const out = new Float32Array(n * 2 * N);
  const row = new Float64Array(k);
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < k; i++) row[i] = latents[r * k + i];
    const f = firstLayers(w, row, k);
    lidLayer(w, f);
    jawLayer(w, f);
    out.set(f, r * 2 * N);
  }
  return out;
}
