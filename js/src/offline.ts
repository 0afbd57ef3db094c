// Brushing a saved notebook with no kernel: the faces of a selection decoded in the browser
// (decoder.ts) from the latents and labels the kernel shipped in `_snapshot_decoder` (when
// the widget had offline_brushing=True). The panel shows an even sample of the selection and
// its mean face, as the kernel's answer would (the kernel samples by farthest points).

import type { BufferLike } from "./codec";
import { toFloat32, toInt32 } from "./codec";
import type { DecoderWeights } from "./decoder";
import { decodeFaces, readWeights } from "./decoder";
import type { FacesAnswer } from "./protocol";

export interface OfflineFaces {
  weights: DecoderWeights;
  /** Latents of the snapshot's points, `k` a row, in the snapshot's order. */
  latents: Float32Array;
  k: number;
  labels: string[];
  /** The point index (in the live widget) of each snapshot point. */
  kept: Int32Array;
}

function isBuffer(value: unknown): value is BufferLike {
  return value instanceof DataView || value instanceof ArrayBuffer || ArrayBuffer.isView(value);
}

/** The offline decoder and data in the snapshot traits, or null without them. */
export function readOffline(decoder: Record<string, unknown>, points: Record<string, unknown>): OfflineFaces | null {
  const weights = readWeights(decoder);
  const k = Number(decoder.k ?? 0);
  if (!weights || !(k > 0) || !isBuffer(decoder.latents) || !isBuffer(points.kept)) return null;
  const labels = Array.isArray(decoder.labels) ? decoder.labels.map(String) : [];
  return { weights, latents: toFloat32(decoder.latents), k, labels, kept: toInt32(points.kept) };
}

/** `count` positions spread evenly over `positions` (all of them when there are few). */
function evenSample(positions: number[], count: number): number[] {
  if (positions.length <= count) return positions.slice();
  return Array.from({ length: count }, (_, i) => positions[Math.floor((i * positions.length) / count)]);
}

/** The panel's faces for the snapshot points at `positions`, decoded here. */
export function offlineAnswer(offline: OfflineFaces, positions: number[], maxFaces: number): FacesAnswer {
  const { k, latents } = offline;
  const shown = evenSample(positions, maxFaces);
  const rows = new Float32Array((shown.length + 1) * k);
  shown.forEach((p, r) => {
    rows.set(latents.subarray(p * k, (p + 1) * k), r * k);
  });
  for (const p of positions) for (let i = 0; i < k; i++) rows[shown.length * k + i] += latents[p * k + i];
  for (let i = 0; i < k; i++) rows[shown.length * k + i] /= Math.max(1, positions.length);
  const n = positions.length > 0 ? shown.length + 1 : 0;
  const faces = decodeFaces(offline.weights, rows, n, k);
  const perFace = faces.length / Math.max(1, n);
  return {
    requestId: 0,
    purpose: "panel",
    count: positions.length,
    indices: Int32Array.from(shown, (p) => offline.kept[p]),
    labels: shown.map((p) => offline.labels[p] ?? String(offline.kept[p])),
    landmarks: faces.subarray(0, shown.length * perFace),
    mean: positions.length > 0 ? faces.subarray(shown.length * perFace) : new Float32Array(0),
    preview: false,
  };
}
