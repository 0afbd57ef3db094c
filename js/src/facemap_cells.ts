// Which points the face map draws as faces, and which of them have room for a label.
// Pure functions, the twins of vec2face_widget/widget/facemap.py (facemap_cells,
// labels_with_room): same rule, same float64 arithmetic, same order of sums.

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
 * Indices (ascending) of the points drawn as faces in `view`: a grid of `cellPx` pixels
 * anchored at the layout's origin; per cell with points, the point nearest the mean of its
 * points (ties: the lower index).
 */
export function facemapCells(xy: Float32Array, view: MapView, cellPx: number): Int32Array {
  const cw = (cellPx * (view.x1 - view.x0)) / view.width;
  const ch = (cellPx * (view.y1 - view.y0)) / view.height;
  const c0 = Math.floor(view.x0 / cw);
  const r0 = Math.floor(view.y0 / ch);
  const nCols = Math.floor(view.x1 / cw) - c0 + 1;
  const nRows = Math.floor(view.y1 / ch) - r0 + 1;
  if (!(nCols > 0 && nRows > 0) || nCols * nRows > 1 << 22) return new Int32Array(0);
  const n = xy.length / 2;
  const cellOf = new Int32Array(n).fill(-1);
  const count = new Float64Array(nCols * nRows);
  const sumX = new Float64Array(nCols * nRows);
  const sumY = new Float64Array(nCols * nRows);
  for (let i = 0; i < n; i++) {
    const x = xy[2 * i];
    const y = xy[2 * i + 1];
    if (!(x >= view.x0 && x <= view.x1 && y >= view.y0 && y <= view.y1)) continue;
    const cell = (Math.floor(x / cw) - c0) * nRows + (Math.floor(y / ch) - r0);
    cellOf[i] = cell;
    count[cell] += 1;
    sumX[cell] += x;
    sumY[cell] += y;
  }
  const best = new Int32Array(nCols * nRows).fill(-1);
  const bestD = new Float64Array(nCols * nRows);
  for (let i = 0; i < n; i++) {
    const cell = cellOf[i];
    if (cell < 0) continue;
    const dx = xy[2 * i] - sumX[cell] / count[cell];
    const dy = xy[2 * i + 1] - sumY[cell] / count[cell];
    const d = dx * dx + dy * dy;
    if (best[cell] < 0 || d < bestD[cell]) {
      best[cell] = i;
      bestD[cell] = d;
    }
  }
  return best.filter((i) => i >= 0).sort();
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
