// A uniform grid over the points (data coordinates), so a box or a lasso tests only the
// points of the cells its outline crosses and takes the cells wholly inside it as they
// are. Built once per set of points, in slices that yield to the browser between them
// (3M points would otherwise hold the main thread for a second).
//
// Results equal the brute-force tests in geometry.ts exactly: points of cells near an
// edge (within a thousandth of a cell) go through the same point test.

import { insidePolygon } from "./geometry";

/** Points per cell the grid aims at. */
const POINTS_PER_CELL = 16;
const MAX_CELLS = 1 << 21;
/** Points handled per slice of the build before yielding. */
export const BUILD_SLICE = 1 << 19;
/** Cells within this share of a cell of an edge are tested point by point. */
const EDGE_MARGIN = 1e-3;

/** Yields to the event loop (a macrotask: input and painting may run in between). */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Runs of points: positions [runs[2j], runs[2j + 1]) of `xy` (x, y pairs) and `index`. */
export interface PointRuns {
  xy: Float32Array;
  /** The point index at each position (null: the position is the index). */
  index: Uint32Array | null;
  runs: Uint32Array;
}

export interface Frame {
  minX: number;
  minY: number;
  cellW: number;
  cellH: number;
  cols: number;
  rows: number;
}

/** The grid's frame for `n` points spread over the given extent. */
function frameFor(n: number, minX: number, maxX: number, minY: number, maxY: number): Frame {
  const w = Math.max(maxX - minX, 1e-9);
  const h = Math.max(maxY - minY, 1e-9);
  const cells = Math.min(MAX_CELLS, Math.max(1, Math.ceil(n / POINTS_PER_CELL)));
  const cols = Math.max(1, Math.min(cells, Math.round(Math.sqrt((cells * w) / h))));
  const rows = Math.max(1, Math.min(cells, Math.ceil(cells / cols)));
  // Widen by a hair so the largest coordinate falls inside the last cell.
  return { minX, minY, cellW: (w / cols) * (1 + 1e-9), cellH: (h / rows) * (1 + 1e-9), cols, rows };
}

/** Point indices bucketed by grid cell: `order[start[c] .. start[c + 1])` lie in cell c. */
export class GridIndex {
  /** Use `build` or `buildSync`. */
  constructor(
    readonly frame: Frame,
    /** Offsets into `order`, one a cell plus one (non-finite points come last, in no cell). */
    private readonly start: Uint32Array,
    private readonly order: Uint32Array,
    /** The points' coordinates in `order`'s order: queries read memory in sequence. */
    private readonly sortedXy: Float32Array,
  ) {}

  get nPoints(): number {
    return this.order.length;
  }

  /** Build the index without yielding (tests, small sets). */
  static buildSync(xy: Float32Array): GridIndex {
    const builder = new Builder(xy);
    for (const _ of builder.steps()) {
      // every step runs
    }
    return builder.result();
  }

  /** Build the index in slices, yielding between them; null if `cancelled()` turns true. */
  static async build(xy: Float32Array, cancelled: () => boolean = () => false): Promise<GridIndex | null> {
    const builder = new Builder(xy);
    for (const _ of builder.steps()) {
      await nextTask();
      if (cancelled()) return null;
    }
    return builder.result();
  }

  /** Indices (ascending) of the points with dx0 <= x <= dx1 and dy0 <= y <= dy1. */
  box(dx0: number, dx1: number, dy0: number, dy1: number): number[] {
    const f = this.frame;
    const [c0, c1] = this.span(dx0, dx1, f.minX, f.cellW, f.cols);
    const [r0, r1] = this.span(dy0, dy1, f.minY, f.cellH, f.rows);
    const hits = new Hits(this.nPoints);
    const xy = this.sortedXy;
    for (let r = r0; r <= r1; r++) {
      const rowIn = this.cellWithin(r, f.minY, f.cellH, dy0, dy1);
      for (let c = c0; c <= c1; c++) {
        const cell = r * f.cols + c;
        const whole = rowIn && this.cellWithin(c, f.minX, f.cellW, dx0, dx1);
        for (let k = this.start[cell]; k < this.start[cell + 1]; k++) {
          if (whole) hits.add(this.order[k]);
          else {
            const x = xy[2 * k];
            const y = xy[2 * k + 1];
            if (x >= dx0 && x <= dx1 && y >= dy0 && y <= dy1) hits.add(this.order[k]);
          }
        }
      }
    }
    return hits.sorted();
  }

  /**
   * The points of every grid cell the box dx0..dx1, dy0..dy1 touches (a superset of the
   * points inside it): runs of positions in `xy` (coordinates) and `index` (point
   * indices), one run a row of cells, as [start, end) pairs.
   */
  near(dx0: number, dx1: number, dy0: number, dy1: number): PointRuns {
    const f = this.frame;
    const [c0, c1] = this.span(dx0, dx1, f.minX, f.cellW, f.cols);
    const [r0, r1] = this.span(dy0, dy1, f.minY, f.cellH, f.rows);
    const runs = new Uint32Array(2 * (r1 - r0 + 1));
    for (let r = r0; r <= r1; r++) {
      runs[2 * (r - r0)] = this.start[r * f.cols + c0];
      runs[2 * (r - r0) + 1] = this.start[r * f.cols + c1 + 1];
    }
    return { xy: this.sortedXy, index: this.order, runs };
  }

  /** Indices (ascending) of the points inside the data-space polygon (even-odd rule). */
  polygon(px: number[], py: number[]): number[] {
    const m = px.length;
    if (m < 3) return [];
    const f = this.frame;
    const [c0, c1] = this.span(Math.min(...px), Math.max(...px), f.minX, f.cellW, f.cols);
    const [r0, r1] = this.span(Math.min(...py), Math.max(...py), f.minY, f.cellH, f.rows);
    const width = c1 - c0 + 1;
    const edge = this.edgeCells(px, py, c0, c1, r0, r1);
    const hits = new Hits(this.nPoints);
    const xy = this.sortedXy;
    for (let r = r0; r <= r1; r++) {
      let runInside = false;
      let inRun = false;
      for (let c = c0; c <= c1; c++) {
        const cell = r * f.cols + c;
        const onEdge = edge[(r - r0) * width + (c - c0)] === 1;
        if (onEdge) inRun = false;
        else if (!inRun) {
          // No edge crosses a run of cells between edge cells: one test for all of it.
          inRun = true;
          runInside = insidePolygon(f.minX + (c + 0.5) * f.cellW, f.minY + (r + 0.5) * f.cellH, px, py);
        }
        if (!onEdge && !runInside) continue;
        for (let k = this.start[cell]; k < this.start[cell + 1]; k++) {
          if (!onEdge || insidePolygon(xy[2 * k], xy[2 * k + 1], px, py)) hits.add(this.order[k]);
        }
      }
    }
    return hits.sorted();
  }

  /** Cells (within the span) that an edge of the polygon passes through or near: 1. */
  private edgeCells(px: number[], py: number[], c0: number, c1: number, r0: number, r1: number): Uint8Array {
    const f = this.frame;
    const width = c1 - c0 + 1;
    const marks = new Uint8Array(width * (r1 - r0 + 1));
    const padX = EDGE_MARGIN * f.cellW;
    const padY = EDGE_MARGIN * f.cellH;
    const m = px.length;
    for (let a = 0, b = m - 1; a < m; b = a++) {
      const [ra, rb] = this.span(Math.min(py[a], py[b]) - padY, Math.max(py[a], py[b]) + padY, f.minY, f.cellH, f.rows);
      for (let r = Math.max(ra, r0); r <= Math.min(rb, r1); r++) {
        // The part of the edge within this row's band (widened by the margin).
        const y0 = f.minY + r * f.cellH - padY;
        const y1 = f.minY + (r + 1) * f.cellH + padY;
        const [xa, xb] = clipToBand(px[b], py[b], px[a], py[a], y0, y1);
        const [ca, cb] = this.span(xa - padX, xb + padX, f.minX, f.cellW, f.cols);
        for (let c = Math.max(ca, c0); c <= Math.min(cb, c1); c++) marks[(r - r0) * width + (c - c0)] = 1;
      }
    }
    return marks;
  }

  /** The cells [first, last] (clamped to the grid) that the data range [lo, hi] touches. */
  private span(lo: number, hi: number, origin: number, size: number, count: number): [number, number] {
    const first = Math.floor((lo - origin) / size);
    const last = Math.floor((hi - origin) / size);
    return [Math.max(0, Math.min(count - 1, first)), Math.max(0, Math.min(count - 1, last))];
  }

  /** Cell `k` along an axis lies within [lo, hi] with a margin to spare. */
  private cellWithin(k: number, origin: number, size: number, lo: number, hi: number): boolean {
    const pad = EDGE_MARGIN * size;
    return origin + k * size >= lo + pad && origin + (k + 1) * size <= hi - pad;
  }
}

/** The x extent of segment (x0, y0)-(x1, y1) within the band y0b <= y <= y1b. */
function clipToBand(x0: number, y0: number, x1: number, y1: number, lo: number, hi: number): [number, number] {
  if (y0 === y1) return [Math.min(x0, x1), Math.max(x0, x1)];
  const at = (y: number) => x0 + ((x1 - x0) * (y - y0)) / (y1 - y0);
  const ya = Math.max(Math.min(y0, y1), lo);
  const yb = Math.min(Math.max(y0, y1), hi);
  const xa = at(ya);
  const xb = at(yb);
  return [Math.min(xa, xb), Math.max(xa, xb)];
}

/** A mask over all points, kept between queries (a drag queries many times). */
let sharedMask = new Uint8Array(0);

/** Collects point indices and hands them back in ascending order. */
class Hits {
  private readonly found: number[] = [];

  constructor(private readonly n: number) {}

  add(i: number): void {
    this.found.push(i);
  }

  sorted(): number[] {
    const found = this.found;
    const k = found.length;
    // Few hits: sort them; many: a mask over all points is cheaper than sorting.
    if (k * 32 < this.n) return Array.from(Uint32Array.from(found).sort());
    if (sharedMask.length < this.n) sharedMask = new Uint8Array(this.n);
    const mask = sharedMask;
    let lo = this.n;
    let hi = 0;
    for (let j = 0; j < k; j++) {
      const i = found[j];
      mask[i] = 1;
      if (i < lo) lo = i;
      if (i > hi) hi = i;
    }
    const out = new Array<number>(k);
    let at = 0;
    for (let i = lo; i <= hi; i++) {
      if (mask[i]) {
        mask[i] = 0; // left clean for the next query
        out[at++] = i;
      }
    }
    return out;
  }
}

/** A counting sort of the points by cell, one slice of work per step. */
class Builder {
  private frame: Frame | null = null;
  private cellOf = new Uint32Array(0);
  private start = new Uint32Array(0);
  private order = new Uint32Array(0);
  private sortedXy = new Float32Array(0);

  constructor(private readonly xy: Float32Array) {}

  *steps(): Generator<void> {
    const n = this.xy.length / 2;
    let minX = Infinity;
    let maxX = -Infinity;
    let minY = Infinity;
    let maxY = -Infinity;
    for (let s = 0; s < n; s += BUILD_SLICE) {
      for (let i = s; i < Math.min(n, s + BUILD_SLICE); i++) {
        const x = this.xy[2 * i];
        const y = this.xy[2 * i + 1];
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
      yield;
    }
    if (!(minX <= maxX)) [minX, maxX, minY, maxY] = [0, 0, 0, 0];
    const f = frameFor(n, minX, maxX, minY, maxY);
    this.frame = f;
    const cells = f.cols * f.rows;
    // One extra bucket for points that are not finite: never in any shape.
    const counts = new Uint32Array(cells + 2);
    this.cellOf = new Uint32Array(n);
    for (let s = 0; s < n; s += BUILD_SLICE) {
      for (let i = s; i < Math.min(n, s + BUILD_SLICE); i++) {
        const c = Math.floor((this.xy[2 * i] - f.minX) / f.cellW);
        const r = Math.floor((this.xy[2 * i + 1] - f.minY) / f.cellH);
        const cell = c >= 0 && c < f.cols && r >= 0 && r < f.rows ? r * f.cols + c : cells;
        this.cellOf[i] = cell;
        counts[cell + 1]++;
      }
      yield;
    }
    for (let c = 0; c <= cells; c++) counts[c + 1] += counts[c];
    this.start = counts.slice(0, cells + 2);
    const next = counts.slice(0, cells + 1);
    this.order = new Uint32Array(n);
    this.sortedXy = new Float32Array(2 * n);
    for (let s = 0; s < n; s += BUILD_SLICE) {
      for (let i = s; i < Math.min(n, s + BUILD_SLICE); i++) {
        const k = next[this.cellOf[i]]++;
        this.order[k] = i;
        this.sortedXy[2 * k] = this.xy[2 * i];
        this.sortedXy[2 * k + 1] = this.xy[2 * i + 1];
      }
      yield;
    }
    this.cellOf = new Uint32Array(0);
  }

  result(): GridIndex {
    if (!this.frame) throw new Error("the grid index is not built yet");
    return new GridIndex(this.frame, this.start, this.order, this.sortedXy);
  }
}
