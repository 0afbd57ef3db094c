// Brush geometry in canvas pixels: which points a box or a lasso covers, which point a
// click hits. Pure functions over the interleaved xy of the points (no DOM).

/** Maps data coordinates to canvas pixels: sx = ax * x + bx, sy = ay * y + by. */
export interface Affine {
  ax: number;
  bx: number;
  ay: number;
  by: number;
}

/** The data-space range [dx0, dx1, dy0, dy1] of a canvas-pixel rectangle (corners in any order). */
export function boxInData(t: Affine, [x0, y0]: [number, number], [x1, y1]: [number, number]): Range4 {
  const [dx0, dx1] = toDataRange(Math.min(x0, x1), Math.max(x0, x1), t.ax, t.bx);
  const [dy0, dy1] = toDataRange(Math.min(y0, y1), Math.max(y0, y1), t.ay, t.by);
  return [dx0, dx1, dy0, dy1];
}

/** [x min, x max, y min, y max] in data coordinates. */
export type Range4 = [number, number, number, number];

/** Indices of points inside the canvas-pixel rectangle (corners in any order). */
export function pointsInBox(xy: Float32Array, t: Affine, a: [number, number], b: [number, number]): number[] {
  const [dx0, dx1, dy0, dy1] = boxInData(t, a, b);
  const out: number[] = [];
  const n = xy.length / 2;
  for (let i = 0; i < n; i++) {
    const x = xy[2 * i];
    const y = xy[2 * i + 1];
    if (x >= dx0 && x <= dx1 && y >= dy0 && y <= dy1) out.push(i);
  }
  return out;
}

function toDataRange(s0: number, s1: number, a: number, b: number): [number, number] {
  const d0 = (s0 - b) / a;
  const d1 = (s1 - b) / a;
  return d0 <= d1 ? [d0, d1] : [d1, d0];
}

/** A canvas-pixel polygon's vertices in data coordinates: [xs, ys]. */
export function polygonInData(t: Affine, polygon: [number, number][]): [number[], number[]] {
  return [polygon.map(([sx]) => (sx - t.bx) / t.ax), polygon.map(([, sy]) => (sy - t.by) / t.ay)];
}

/** Indices of points inside the canvas-pixel polygon (even-odd rule). */
export function pointsInPolygon(xy: Float32Array, t: Affine, polygon: [number, number][]): number[] {
  if (polygon.length < 3) return [];
  const [px, py] = polygonInData(t, polygon);
  const minX = Math.min(...px);
  const maxX = Math.max(...px);
  const minY = Math.min(...py);
  const maxY = Math.max(...py);
  const out: number[] = [];
  const n = xy.length / 2;
  for (let i = 0; i < n; i++) {
    const x = xy[2 * i];
    const y = xy[2 * i + 1];
    if (x < minX || x > maxX || y < minY || y > maxY) continue;
    if (insidePolygon(x, y, px, py)) out.push(i);
  }
  return out;
}

/** Whether (x, y) lies inside the polygon of vertices (px[k], py[k]) (even-odd rule). */
export function insidePolygon(x: number, y: number, px: number[], py: number[]): boolean {
  const m = px.length;
  let inside = false;
  for (let a = 0, b = m - 1; a < m; b = a++) {
    if (py[a] > y !== py[b] > y && x < ((px[b] - px[a]) * (y - py[a])) / (py[b] - py[a]) + px[a]) {
      inside = !inside;
    }
  }
  return inside;
}

/** The point nearest canvas pixel `at` within `radius` pixels, or -1. */
export function nearestPoint(xy: Float32Array, t: Affine, at: [number, number], radius: number): number {
  let best = -1;
  let bestD = radius * radius;
  const n = xy.length / 2;
  for (let i = 0; i < n; i++) {
    const dx = t.ax * xy[2 * i] + t.bx - at[0];
    const dy = t.ay * xy[2 * i + 1] + t.by - at[1];
    const d = dx * dx + dy * dy;
    if (d <= bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}
