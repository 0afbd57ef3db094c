// Which points the face map draws as faces, and which of them have room for a label.
// Pure functions, the twins of vec2face_widget/widget/facemap.py (facemap_cells,
// labels_with_room): same rule, same float64 arithmetic.

import type { PointRuns } from "./grid_index";

/** The visible rectangle of the layout (x0 < x1, y0 < y1, y up) and its size in pixels. */
export interface MapView {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  width: number;
  height: number;
}

/**
 * Coordinates are summed as whole multiples of 1 / QUANTUM (rounded half up), so the sums
 * are exact integers in float64 (|x| <= 1 after normalisation: 2^24 a point, 2^53 allows
 * 2^29 points) and a cell's mean is the same whatever order its points are visited in.
 */
export const QUANTUM = 2 ** 24;

/**
 * Indices (ascending) of the points drawn as faces in `view`: a grid of `cellPx` pixels
 * anchored at the layout's origin; per cell with points, the point nearest the mean of its
 * points (coordinates rounded to 1 / QUANTUM for the mean; ties: the lower index).
 *
 * `near`: runs of points that hold every point in view (a spatial index's, in its own
 * order; see GridIndex.near); null scans all of `xy`. The result is the same either way.
 */
export function facemapCells(
  xy: Float32Array,
  view: MapView,
  cellPx: number,
  near: PointRuns | null = null,
): Int32Array {
  const cw = (cellPx * (view.x1 - view.x0)) / view.width;
  const ch = (cellPx * (view.y1 - view.y0)) / view.height;
  const c0 = Math.floor(view.x0 / cw);
  const r0 = Math.floor(view.y0 / ch);
  const nCols = Math.floor(view.x1 / cw) - c0 + 1;
  const nRows = Math.floor(view.y1 / ch) - r0 + 1;
  if (!(nCols > 0 && nRows > 0) || nCols * nRows > 1 << 22) return new Int32Array(0);
  const cells = nCols * nRows;
  const runs = near ?? { xy, index: null, runs: Uint32Array.of(0, xy.length / 2) };
  // The positions of the points in view and their cells go to scratch arrays once; the
  // sums and the nearest-to-mean pass read them from there, in order.
  const m = inView(runs, view, cw, ch, c0, r0, nRows);
  const { at, cell } = scratch;
  const pts = runs.xy;
  const count = new Float64Array(cells);
  const sumX = new Float64Array(cells);
  const sumY = new Float64Array(cells);
  for (let k = 0; k < m; k++) {
    const c = cell[k];
    const p = at[k];
    count[c] += 1;
    sumX[c] += Math.floor(pts[2 * p] * QUANTUM + 0.5);
    sumY[c] += Math.floor(pts[2 * p + 1] * QUANTUM + 0.5);
  }
  for (let c = 0; c < cells; c++) {
    if (count[c] === 0) continue;
    sumX[c] = sumX[c] / count[c] / QUANTUM; // the cell's mean from here on
    sumY[c] = sumY[c] / count[c] / QUANTUM;
  }
  const best = new Int32Array(cells).fill(-1);
  const bestD = new Float64Array(cells);
  const index = runs.index;
  for (let k = 0; k < m; k++) {
    const c = cell[k];
    const p = at[k];
    const i = index === null ? p : index[p];
    const dx = pts[2 * p] - sumX[c];
    const dy = pts[2 * p + 1] - sumY[c];
    const d = dx * dx + dy * dy;
    const held = best[c];
    if (held < 0 || d < bestD[c] || (d === bestD[c] && i < held)) {
      best[c] = i;
      bestD[c] = d;
    }
  }
  return best.filter((i) => i >= 0).sort();
}

/** Positions and cells of the points in view, grown as needed and kept between calls. */
const scratch = { at: new Int32Array(0), cell: new Int32Array(0) };

/** Fill `scratch` with the positions of the points in view and their cells; how many. */
function inView(runs: PointRuns, view: MapView, cw: number, ch: number, c0: number, r0: number, nRows: number): number {
  let total = 0;
  for (let j = 0; j < runs.runs.length; j += 2) total += runs.runs[j + 1] - runs.runs[j];
  if (scratch.at.length < total) {
    const size = Math.max(total, Math.min(2 * scratch.at.length, runs.xy.length / 2));
    scratch.at = new Int32Array(size);
    scratch.cell = new Int32Array(size);
  }
  const { at, cell } = scratch;
  const pts = runs.xy;
  const { x0, x1, y0, y1 } = view;
  let m = 0;
  for (let j = 0; j < runs.runs.length; j += 2) {
    for (let p = runs.runs[j]; p < runs.runs[j + 1]; p++) {
      const x = pts[2 * p];
      const y = pts[2 * p + 1];
      if (!(x >= x0 && x <= x1 && y >= y0 && y <= y1)) continue;
      at[m] = p;
      cell[m] = (Math.floor(x / cw) - c0) * nRows + (Math.floor(y / ch) - r0);
      m++;
    }
  }
  return m;
}

/** Room around a face for its label: sideways, above, below (pixels). */
export type LabelRoom = [number, number, number];

/**
 * Which faces at pixel positions `px` (x, y interleaved) have room for a label under
 * them: no other face's centre within `room` of their own.
 */
export function labelsWithRoom(px: Float64Array, room: LabelRoom): Uint8Array {
  const [side, above, below] = room;
  const n = px.length / 2;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => px[2 * a] - px[2 * b] || a - b);
  const out = new Uint8Array(n).fill(1);
  let lo = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    const x = px[2 * i];
    while (px[2 * order[lo]] <= x - side) lo++;
    for (let m = lo; m < n && px[2 * order[m]] < x + side; m++) {
      const j = order[m];
      const dy = px[2 * j + 1] - px[2 * i + 1];
      if (j !== i && dy > -above && dy < below) {
        out[i] = 0;
        break;
      }
    }
  }
  return out;
}
