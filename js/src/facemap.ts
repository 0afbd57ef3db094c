// The face map: faces drawn in place of dots on the scatter's own pan-and-zoom view, on a
// Canvas 2D overlay (`.v2f-facemap`, no pointer events: brushing, hover and clicks reach
// the scatter below as on dots). One face per screen cell (facemap_cells.ts); after the
// camera settles, the faces not cached yet are asked from the kernel in one `facemap`
// request. Each face is painted once into a sprite atlas and blitted per frame, so panning
// with hundreds of faces costs hundreds of drawImage calls, not thousands of path segments.

import { categoryColor, viridis } from "./colors";
import type { MapView } from "./facemap_cells";
import { facemapCells, labelsWithRoom } from "./facemap_cells";
import { facePaths2d } from "./faces";
import type { Affine } from "./geometry";
import type { PointRuns } from "./grid_index";
import { mark, measure } from "./marks";
import type { FacesAnswer, Topology } from "./protocol";
import { SpriteAtlas } from "./sprite_atlas";

/** Side of a face map cell in pixels (vec2face_widget/widget/facemap.py CELL_PX). */
export const CELL_PX = 40;
/** Width of a drawn face in pixels (facemap.py FACE_PX). */
export const FACE_PX = 32;
/** Room a label needs around its face: sideways, above, below (facemap.py LABEL_ROOM_PX). */
const LABEL_ROOM: [number, number, number] = [1.5 * FACE_PX, FACE_PX, 1.6 * FACE_PX];
/** The square of the model's frame a sprite shows (faces are about 1 wide, 1.3 high). */
const SPRITE_SPAN = 1.4;
/** Sprites draw every third landmark of a part: at 32 px neighbours lie within a pixel of
 * each other, and rasterising the strokes is most of the cost of new faces. */
const SPRITE_STEP = 3;
/** No camera change for this long: the view has settled. */
export const SETTLE_MS = 40;
/** Camera changes further apart than this are separate moves, not frames of one. */
const MAX_FRAME_GAP_MS = 250;
/** Most decoded faces kept on the front end (least recently used go first). */
const CACHE_FACES = 4096;
/** Most faces one request asks for (facemap.py MAX_MAP_FACES). */
const MAX_REQUEST = 4096;

export interface FaceMapHost {
  /** The data -> canvas-pixel transform, or null before the points are drawn. */
  transform(): Affine | null;
  xy(): Float32Array | null;
  /** Runs of points holding every point in `view` (a spatial index's), or null: scan all. */
  pointsNear(view: MapView): PointRuns | null;
  /** The colour of point `i` (category or value), or null for the plain foreground. */
  colorOf(i: number): string | null;
  isSelected(i: number): boolean;
  /** Ask the kernel for the faces of `indices`; returns the request id. */
  request(indices: Int32Array): number;
  /** The camera settled on `view` (synced to Python as `_view`). */
  settled(view: MapView): void;
}

/** What the face map shows (the test hook's `faceMap()`). */
export interface FaceMapState {
  enabled: boolean;
  /** Point indices of the faces drawn (the cells' representatives). */
  faces: number[];
  /** How many of them are decoded and drawn, and how many show their label. */
  drawn: number;
  labels: number;
  /** Indices of the faces that show their label. */
  labelled: number[];
  /** The camera moved and has not settled yet. */
  settling: boolean;
  /** How long the latest overlay draws took, ms (newest last, at most 240). */
  drawMs: number[];
  view: MapView | null;
}

interface Cached {
  landmarks: Float32Array;
  label: string;
}

/** A Map used as a least-recently-used cache of at most `limit` entries. */
class Lru<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly limit: number) {}
  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }
  has(key: K): boolean {
    return this.map.has(key);
  }
  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.limit) {
      const oldest = this.map.keys().next().value;
      if (oldest === undefined) break;
      this.map.delete(oldest);
    }
  }
  get size(): number {
    return this.map.size;
  }
}

export class FaceMap {
  readonly canvas: HTMLCanvasElement;
  private enabled = false;
  private faces: Int32Array = new Int32Array(0);
  private labelled: Uint8Array = new Uint8Array(0);
  private view: MapView | null = null;
  private readonly cache = new Lru<number, Cached>(CACHE_FACES);
  private atlas: SpriteAtlas | null = null;
  private readonly inFlight = new Set<number>();
  private readonly pings = new Map<number, (ms: number) => void>();
  private settleTimer: ReturnType<typeof setTimeout> | null = null;
  private frame = 0;
  private drawnCount = 0;
  private held = false;
  private settleOnRelease = false;
  private readonly unlisten: () => void;
  private readonly drawMs: number[] = [];
  private labelCount = 0;
  /** The view the drawn faces were chosen for (null: choose again at the next settle). */
  private chosenFor: MapView | null = null;
  private chosenXy: Float32Array | null = null;
  /** When the camera last moved (performance.now()), for the benchmark. */
  lastCameraAt = 0;

  constructor(
    private readonly container: HTMLElement,
    private readonly host: FaceMapHost,
    private readonly topology: Topology,
    private readonly colors: { fg: string; bg: string; accent: string },
  ) {
    this.canvas = document.createElement("canvas");
    this.canvas.className = "v2f-facemap";
    this.canvas.hidden = true;
    container.appendChild(this.canvas);
    const down = () => this.holding(true);
    const up = () => this.holding(false);
    container.addEventListener("pointerdown", down);
    window.addEventListener("pointerup", up);
    window.addEventListener("pointercancel", up);
    this.unlisten = () => {
      container.removeEventListener("pointerdown", down);
      window.removeEventListener("pointerup", up);
      window.removeEventListener("pointercancel", up);
    };
  }

  setEnabled(on: boolean): void {
    if (on === this.enabled) return;
    this.enabled = on;
    this.canvas.hidden = !on;
    this.faces = new Int32Array(0);
    this.labelled = new Uint8Array(0);
    this.chosenFor = null;
    if (on) this.settle();
    else this.clear();
  }

  setColors(colors: { fg: string; bg: string; accent: string }): void {
    Object.assign(this.colors, colors);
    this.atlas = null; // every sprite has the old colours
    if (this.enabled) this.schedule();
  }

  /**
   * The camera moved: redraw in the next frame, settle when it stops. The first move
   * after a pause (a wheel step, a click on zoom) settles at once too, when no request is
   * out and the mouse is not held: a single step is then answered without waiting for
   * the pause that ends it, and the settle after the pause finds its faces asked for.
   */
  cameraMoved(): void {
    const now = performance.now();
    const gap = now - this.lastCameraAt;
    this.lastCameraAt = now;
    // Slow frames are no pause: a camera that moved a frame ago moves again in a frame.
    const wait = Math.max(SETTLE_MS, gap < MAX_FRAME_GAP_MS ? 1.5 * gap : 0);
    const fresh = gap > wait && this.settleTimer === null;
    this.armSettle(wait);
    if (this.enabled && fresh && !this.held && this.inFlight.size === 0) this.settle();
    else if (this.enabled) this.schedule();
  }

  /** A drag on the scatter started or ended: no settling while the mouse is held. */
  private holding(held: boolean): void {
    this.held = held;
    if (!held && this.settleOnRelease) {
      this.settleOnRelease = false;
      this.armSettle(SETTLE_MS);
    }
  }

  private armSettle(wait: number): void {
    if (this.settleTimer !== null) clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => {
      this.settleTimer = null;
      if (this.held) this.settleOnRelease = true;
      else this.settle();
    }, wait);
  }

  /** The selection changed: selected faces are drawn highlighted. */
  selectionChanged(): void {
    if (this.enabled) this.schedule();
  }

  /** Decoded faces from the kernel (purpose `facemap`): cache them and redraw. */
  receive(answer: FacesAnswer): void {
    const start = performance.now();
    this.store(answer);
    measure("v2f:facemap-receive", start);
  }

  private store(answer: FacesAnswer): void {
    const ping = this.pings.get(answer.requestId);
    if (ping) {
      this.pings.delete(answer.requestId);
      ping(performance.now());
    }
    const perFace = this.topology.n_points * 2;
    for (let k = 0; k < answer.indices.length; k++) {
      const i = answer.indices[k];
      this.inFlight.delete(i);
      if (answer.error !== undefined) continue;
      const landmarks = answer.landmarks.slice(k * perFace, (k + 1) * perFace);
      this.cache.set(i, { landmarks, label: answer.labels[k] ?? String(i) });
    }
    if (!this.enabled) return;
    this.draw();
    if (answer.indices.length > 0 && this.drawnCount === this.faces.length) this.markDrawn(answer.requestId);
  }

  /** Send an empty request and resolve with its round trip in ms (benchmark baseline). */
  ping(): Promise<number> {
    const start = performance.now();
    return new Promise((resolve) => {
      const id = this.host.request(new Int32Array(0));
      this.pings.set(id, (end) => resolve(end - start));
    });
  }

  state(): FaceMapState {
    return {
      enabled: this.enabled,
      faces: Array.from(this.faces),
      drawn: this.drawnCount,
      labels: this.labelCount,
      labelled: Array.from(this.faces).filter((_, k) => this.labelled[k] === 1),
      settling: this.settleTimer !== null || this.settleOnRelease,
      drawMs: this.drawMs.slice(),
      view: this.view ? { ...this.view } : null,
    };
  }

  destroy(): void {
    this.unlisten();
    if (this.settleTimer !== null) clearTimeout(this.settleTimer);
    cancelAnimationFrame(this.frame);
    this.canvas.remove();
  }

  /** The visible rectangle of the layout under transform `t`. */
  private currentView(t: Affine): MapView | null {
    // The container's size: the overlay is hidden (no size) while dots are shown, and the
    // view is reported then too (an exported map shows it).
    const width = this.container.clientWidth;
    const height = this.container.clientHeight;
    if (!(width > 0 && height > 0)) return null;
    const xa = -t.bx / t.ax;
    const xb = (width - t.bx) / t.ax;
    const ya = -t.by / t.ay;
    const yb = (height - t.by) / t.ay;
    return { x0: Math.min(xa, xb), y0: Math.min(ya, yb), x1: Math.max(xa, xb), y1: Math.max(ya, yb), width, height };
  }

  /** The camera stopped: choose the faces, ask for the missing ones, draw. */
  private settle(): void {
    const t = this.host.transform();
    const xy = this.host.xy();
    if (!t || !xy) return;
    const view = this.currentView(t);
    if (!view) return;
    if (this.enabled && this.chosenFor !== null && this.chosenXy === xy && sameView(view, this.chosenFor)) return;
    this.view = view;
    this.host.settled(view);
    if (!this.enabled) return;
    const chooseStart = performance.now();
    this.faces = facemapCells(xy, view, CELL_PX, this.host.pointsNear(view));
    measure("v2f:facemap-choose", chooseStart);
    this.chosenFor = view;
    this.chosenXy = xy;
    const px = new Float64Array(this.faces.length * 2);
    this.faces.forEach((i, k) => {
      px[2 * k] = t.ax * xy[2 * i] + t.bx;
      px[2 * k + 1] = t.ay * xy[2 * i + 1] + t.by;
    });
    this.labelled = labelsWithRoom(px, LABEL_ROOM);
    const missing = Array.from(this.faces).filter((i) => !this.cache.has(i) && !this.inFlight.has(i));
    if (missing.length > 0) {
      const asked = Int32Array.from(missing.slice(0, MAX_REQUEST));
      for (const i of asked) this.inFlight.add(i);
      mark("v2f:facemap-requested");
      this.host.request(asked);
    }
    this.draw();
    if (this.drawnCount === this.faces.length) this.markDrawn(0);
  }

  /** Every chosen face of the settled view is on screen (`v2f:facemap-drawn`). */
  private markDrawn(requestId: number): void {
    mark("v2f:facemap-drawn");
    this.canvas.dataset.v2fFacemapRequestId = String(requestId);
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private clear(): void {
    const ctx = this.canvas.getContext("2d", { willReadFrequently: true });
    ctx?.clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.drawnCount = 0;
    this.labelCount = 0;
  }

  /** Size the canvas to its box (device pixels) and draw every face and label. */
  private draw(): void {
    const t = this.host.transform();
    const xy = this.host.xy();
    const ctx = this.canvas.getContext("2d", { willReadFrequently: true });
    if (!t || !xy || !ctx || !this.enabled) return;
    const start = performance.now();
    const dpr = window.devicePixelRatio || 1;
    const w = Math.round(this.canvas.clientWidth * dpr);
    const h = Math.round(this.canvas.clientHeight * dpr);
    if (this.canvas.width !== w || this.canvas.height !== h) {
      this.canvas.width = w;
      this.canvas.height = h;
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    let drawn = 0;
    const half = FACE_PX / 2;
    const cell = Math.ceil(FACE_PX * dpr);
    if (this.atlas?.cell !== cell) this.atlas = new SpriteAtlas(cell);
    const atlas = this.atlas;
    // Paint every missing sprite first, then blit: drawing from a canvas that changed
    // since the last blit copies all of it, so interleaving the two copies it per face.
    const slots: [number, number, number][] = [];
    const paintStart = performance.now();
    const paintedBefore = atlas.painted;
    for (const i of this.faces) {
      const face = this.cache.get(i);
      if (face) slots.push([i, ...this.sprite(atlas, i, face)]);
    }
    if (atlas.painted > paintedBefore) {
      measure("v2f:facemap-paint", paintStart, atlas.painted - paintedBefore);
    }
    for (const [i, ax, ay] of slots) {
      const sx = t.ax * xy[2 * i] + t.bx;
      const sy = t.ay * xy[2 * i + 1] + t.by;
      ctx.drawImage(atlas.canvas, ax, ay, atlas.cell, atlas.cell, sx - half, sy - half, FACE_PX, FACE_PX);
      drawn++;
    }
    this.drawnCount = drawn;
    this.labelCount = this.drawLabels(ctx, t, xy);
    this.canvas.dataset.v2fFaces = String(drawn);
    this.canvas.dataset.v2fLabels = String(this.labelCount);
    this.drawMs.push(performance.now() - start);
    if (this.drawMs.length > 240) this.drawMs.shift();
  }

  private drawLabels(ctx: CanvasRenderingContext2D, t: Affine, xy: Float32Array): number {
    ctx.font = "10px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.fillStyle = this.colors.fg;
    let count = 0;
    this.faces.forEach((i, k) => {
      const face = this.labelled[k] ? this.cache.get(i) : undefined;
      if (!face) return;
      const text = fitText(ctx, face.label, 2 * LABEL_ROOM[0] - 4);
      ctx.fillText(text, t.ax * xy[2 * i] + t.bx, t.ay * xy[2 * i + 1] + t.by + FACE_PX / 2 + 1);
      count++;
    });
    return count;
  }

  /** Face `i` painted once into the atlas in its colour (selected: accent), its slot. */
  private sprite(atlas: SpriteAtlas, i: number, face: Cached): [number, number] {
    const selected = this.host.isSelected(i);
    const color = this.host.colorOf(i) ?? this.colors.fg;
    return atlas.get(`${i}|${color}|${selected ? 1 : 0}`, (ctx) => {
      const scale = atlas.cell / SPRITE_SPAN;
      ctx.scale(scale, scale);
      ctx.translate(SPRITE_SPAN / 2, SPRITE_SPAN / 2);
      const paths = facePaths2d(face.landmarks, 0, this.topology, SPRITE_STEP);
      ctx.globalAlpha = 0.85;
      ctx.fillStyle = this.colors.bg;
      if (paths[0]) ctx.fill(paths[0].path);
      ctx.globalAlpha = 1;
      ctx.strokeStyle = selected ? this.colors.accent : color;
      ctx.lineWidth = (selected ? 2.4 : 1.3) * (SPRITE_SPAN / FACE_PX);
      const outline = new Path2D(); // one stroke for every part: cheaper than one a part
      for (const { path } of paths) outline.addPath(path);
      ctx.stroke(outline);
    });
  }
}

function sameView(a: MapView, b: MapView): boolean {
  return (
    a.x0 === b.x0 && a.y0 === b.y0 && a.x1 === b.x1 && a.y1 === b.y1 && a.width === b.width && a.height === b.height
  );
}

/** `text`, cut with an ellipsis to fit `maxWidth` pixels. */
function fitText(ctx: CanvasRenderingContext2D, text: string, maxWidth: number): string {
  if (ctx.measureText(text).width <= maxWidth) return text;
  let cut = text;
  while (cut.length > 1 && ctx.measureText(`${cut}…`).width > maxWidth) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** A point's colour: its category's, or viridis of its value; null without colour. */
export function pointColor(kind: string, values: Float32Array | Uint16Array, i: number): string | null {
  if (kind === "category" && i < values.length) return categoryColor(values[i]);
  if (kind === "value" && i < values.length) return viridis(values[i]);
  return null;
}
