// The scatter: regl-scatterplot (WebGL) with pan/zoom, lasso and box selection,
// click to pick, double-click / Escape to clear, hover, highlight and zoom-to-point.

import createScatterplot from "regl-scatterplot";
import type { BrushMode } from "./brush";
import { Brush } from "./brush";
import { categoryColors, colormap } from "./colors";
import type { Affine } from "./geometry";
import { nearestPoint } from "./geometry";
import type { PointRuns } from "./grid_index";
import { GridIndex } from "./grid_index";
import { LostNote } from "./lost_note";
import { mark } from "./marks";
import type { PointsData } from "./protocol";
import type { Renderer, RendererLease } from "./renderer";
import { acquireRenderer, RESTORED_EVENT } from "./renderer";
import { SizeNote } from "./size_note";
import type { Theme } from "./theme";
import { rgba01 } from "./theme";

export type Mode = "lasso" | "box" | "pan";

/** Room (CSS pixels) beyond the points' radius when the view is fitted to them. */
const FIT_PADDING_PX = 3;

/** Above this many points the scatter draws in regl-scatterplot's performance mode. */
export const PERFORMANCE_MODE_POINTS = 500_000;

export type ColorKind = "none" | "category" | "value";

export interface ScatterEvents {
  /** The user changed the selection (full new selection; empty when cleared). */
  select(indices: number[]): void;
  hover(index: number): void;
  hoverOut(index: number): void;
  /** The camera moved. */
  view(): void;
  /** A box / lasso drag in progress changed its region (see brushSelection). */
  brushMoved(): void;
  /** A box / lasso drag ended (after `select`, if it changed the selection). */
  brushEnded(): void;
}

type Plot = ReturnType<typeof createScatterplot>;

/** What was last drawn, to draw it again on a new WebGL context. */
interface Drawing {
  data: PointsData;
  kind: ColorKind;
  nCategories: number;
}

/** The regl-scatterplot instance on `canvas`, sized to `rect`, drawn by `renderer`. */
function createPlot(
  renderer: Renderer,
  canvas: HTMLCanvasElement,
  rect: DOMRect,
  theme: Theme,
  expectedPoints: number,
): Plot {
  const huge = expectedPoints > PERFORMANCE_MODE_POINTS;
  return createScatterplot({
    renderer,
    canvas,
    width: Math.max(1, rect.width),
    height: Math.max(1, rect.height),
    backgroundColor: rgba01(theme.background),
    pointColor: theme.point,
    pointSize: 3,
    pointSizeSelected: 2,
    pointOutlineWidth: 2,
    // Without alpha blending (performance mode) translucency turns into odd colours.
    opacityInactiveMax: huge ? 1 : 0.5,
    deselectOnDblClick: true,
    deselectOnEscape: false, // handled on the widget's root so other widgets keep theirs
    // Box and lasso brushing is brush.ts's: no key starts the library's lasso (its default
    // is shift); in pan mode shift+click adds a point.
    actionKeyMap: { merge: "shift", remove: "alt" },
    mouseMode: "panZoom",
    showReticle: true,
    reticleColor: theme.accent,
    // Squares without alpha blending: much cheaper fragments for huge point counts.
    performanceMode: huge,
  } as Parameters<typeof createScatterplot>[0]); // actionKeyMap is missing from the types
}

export class Scatter {
  readonly canvas: HTMLCanvasElement;
  private plot: Plot;
  private lease: RendererLease;
  private theme: Theme;
  private drawing: Drawing | null = null;
  /** The WebGL context was lost: the plot is gone until a redraw (a click, or the
   * browser giving the context back). */
  private lost = false;
  private readonly onRestored = () => void this.rebuild();
  private readonly lostNote: LostNote;
  private readonly sizeNote: SizeNote;
  private nPoints = 0;
  private selected: number[] = [];
  private drawn = false;
  private xy: Float32Array | null = null;
  /** The grid index over `xy`, built in the background after the points are drawn. */
  private index: GridIndex | null = null;
  /** Brush through the index once built (off: test every point; a benchmark's baseline). */
  useIndex = true;
  private hovered = -1;
  private brushingNow = false;
  /** The camera after the last fit to the points; a resize refits while it is unmoved. */
  private homeView: number[] | null = null;
  /** Points with the smallest / largest x and y, to calibrate data -> pixels. */
  private anchors: [number, number, number, number] = [0, 0, 0, 0];
  private readonly brush: Brush;
  private readonly events: ScatterEvents;

  constructor(
    private readonly container: HTMLElement,
    theme: Theme,
    events: ScatterEvents,
    private readonly expectedPoints = 0,
  ) {
    this.events = events;
    this.theme = theme;
    this.canvas = document.createElement("canvas");
    this.canvas.className = "v2f-canvas";
    container.appendChild(this.canvas);
    this.lostNote = new LostNote(container, () => void this.rebuild());
    this.sizeNote = new SizeNote(container, PERFORMANCE_MODE_POINTS);
    this.lease = acquireRenderer(() => this.contextLost());
    this.plot = createPlot(this.lease.renderer, this.canvas, container.getBoundingClientRect(), theme, expectedPoints);
    this.listen();
    this.brush = new Brush(container, {
      transform: () => this.transform(),
      xy: () => this.xy,
      index: () => (this.useIndex ? this.index : null),
      brushed: (indices, mode) => this.applyBrush(indices, mode),
      clicked: (at, merge) => this.click(at, merge),
      brushing: (active) => {
        this.brushingNow = active;
        if (active) this.events.hoverOut(this.hovered);
        else this.events.brushEnded();
      },
      moved: () => this.events.brushMoved(),
    });
  }

  /** Forward the library's selection, hover and camera events. */
  private listen(): void {
    this.plot.subscribe("select", ({ points }) => {
      this.selected = points.slice();
      this.events.select(this.selected);
    });
    this.plot.subscribe("deselect", () => {
      this.selected = [];
      this.events.select([]);
    });
    // Event names are case-insensitive in regl-scatterplot.
    this.plot.subscribe("pointOver", (i) => {
      this.hovered = i;
      if (!this.brushingNow) this.events.hover(i);
    });
    this.plot.subscribe("pointOut", (i) => {
      this.hovered = -1;
      this.events.hoverOut(i);
    });
    this.plot.subscribe("view", () => this.events.view());
    // The crosshair follows the hovered point: it goes when the mouse leaves the plot.
    this.canvas.addEventListener("mouseleave", () => this.unhover());
  }

  /** Forget the hovered point and redraw without the crosshair. */
  private unhover(): void {
    if (!this.drawn) return;
    this.plot.hover(-1);
    this.plot.redraw();
  }

  /**
   * The shared WebGL context is gone: drop the plot (a lost context draws nothing and
   * every call to it would log an error) and offer to redraw. The picture stays.
   */
  private contextLost(): void {
    if (this.lost) return;
    this.lost = true;
    this.drawn = false;
    this.brush.cancel();
    try {
      this.plot.destroy();
    } catch {
      // the library may complain about a context it no longer has
    }
    this.lease.release();
    this.lostNote.show();
    globalThis.addEventListener(RESTORED_EVENT, this.onRestored);
  }

  /** A new plot on a fresh (shared) renderer, drawn as before: after a lost context. */
  async rebuild(): Promise<void> {
    if (!this.lost) return;
    this.lost = false;
    globalThis.removeEventListener(RESTORED_EVENT, this.onRestored);
    this.lostNote.hide();
    const selected = this.selected;
    this.lease = acquireRenderer(() => this.contextLost());
    const rect = this.container.getBoundingClientRect();
    this.plot = createPlot(this.lease.renderer, this.canvas, rect, this.theme, this.expectedPoints);
    this.listen();
    if (this.drawing) {
      const { data, kind, nCategories } = this.drawing;
      await this.draw(data, kind, nCategories);
      this.select(selected);
    }
  }

  /** A click without a drag (box / lasso mode) picks the nearest point. */
  private click(at: [number, number], merge: boolean): void {
    const t = this.transform();
    if (!t || !this.xy) return;
    const size = Number(this.plot.get("pointSize")) || 4;
    const hit = nearestPoint(this.xy, t, at, Math.max(6, size));
    if (hit >= 0) this.applyBrush([hit], { merge, remove: false });
  }

  /** The selection that ending the drag in progress now would produce, or null. */
  brushSelection(): number[] | null {
    if (!this.drawn) return null;
    const brushed = this.brush.current();
    if (!brushed) return null;
    return this.combine(brushed.indices, brushed.mode) ?? this.selected.slice();
  }

  /** The selection after brushing `indices` with `mode`, or null when it stays as it is. */
  private combine(indices: number[], mode: BrushMode): number[] | null {
    if ((mode.merge || mode.remove) && indices.length === 0) return null;
    let next = indices;
    if (mode.merge || mode.remove) {
      const mask = new Uint8Array(this.nPoints);
      for (const i of this.selected) mask[i] = 1;
      for (const i of indices) mask[i] = mode.merge ? 1 : 0;
      next = [];
      for (let i = 0; i < mask.length; i++) if (mask[i]) next.push(i);
    }
    if (next.length === 0 && this.selected.length === 0) return null;
    return next;
  }

  /**
   * A brushed region: tell the listeners first (the kernel starts decoding faces at
   * once), then update the scatter's highlighting without a second event.
   */
  private applyBrush(indices: number[], mode: BrushMode): void {
    if (!this.drawn) return;
    const next = this.combine(indices, mode);
    if (!next) return;
    this.selected = next;
    this.events.select(next.slice());
    // The library's highlighting of a big selection is a long task of its own: in the
    // next task, after the selection is on its way to the kernel.
    setTimeout(() => {
      if (this.selected !== next || !this.drawn) return;
      if (next.length === 0) this.plot.deselect({ preventEvent: true });
      else this.plot.select(next, { preventEvent: true });
    }, 0);
  }

  /** Point `i` in canvas pixels, or null while the library holds no drawn points (a view
   * being removed or rebuilt: its `getScreenPosition` throws then). */
  private screenPosition(i: number): [number, number] | null {
    if (!this.plot.get("isPointsDrawn")) return null;
    return this.plot.getScreenPosition(i) ?? null;
  }

  /** The data -> canvas-pixel transform under the current camera (no rotation). */
  transform(): Affine | null {
    if (!this.drawn || !this.xy) return null;
    const [minX, maxX, minY, maxY] = this.anchors;
    const xy = this.xy;
    const scale = (i: number, j: number, axis: 0 | 1): [number, number] | null => {
      const pi = this.screenPosition(i);
      const pj = this.screenPosition(j);
      const d = xy[2 * j + axis] - xy[2 * i + axis];
      if (!pi || !pj || !(Math.abs(d) > 1e-12)) return null;
      const a = (pj[axis] - pi[axis]) / d;
      return [a, pi[axis] - a * xy[2 * i + axis]];
    };
    let sx = scale(minX, maxX, 0);
    let sy = scale(minY, maxY, 1);
    // One axis without spread: the camera scales both axes alike (y flipped).
    const p = this.screenPosition(minX);
    if (!p) return null;
    if (!sx && sy) sx = [-sy[0], p[0] + sy[0] * xy[2 * minX]];
    if (!sy && sx) sy = [-sx[0], p[1] + sx[0] * xy[2 * minX + 1]];
    if (!sx || !sy) return null;
    return { ax: sx[0], bx: sx[1], ay: sy[0], by: sy[1] };
  }

  /** Point coordinates (x, y interleaved) once drawn. */
  get points(): Float32Array | null {
    return this.xy;
  }

  /** Back to the initial view of every point. */
  resetCamera(): void {
    if (this.drawn) void this.plot.reset();
  }

  /** Pan the camera by a fraction of the view (benchmarks drive panning with this). */
  panBy(dx: number, dy: number): void {
    const camera = this.plot.get("camera") as { pan?: (d: [number, number]) => void } | undefined;
    camera?.pan?.([dx, dy]);
    this.plot.redraw();
  }

  /** Faint dots (under the face map) or normal ones. */
  setFaint(faint: boolean): void {
    void this.plot.set({ opacity: faint ? 0.3 : 1 } as Parameters<Plot["set"]>[0]);
  }

  /** False when the browser lacks the WebGL features the scatter needs. */
  get supported(): boolean {
    return this.plot.isSupported;
  }

  /** The grid index over the points is built. */
  get indexed(): boolean {
    return this.index !== null;
  }

  /** Runs of points holding every point of the data box (the grid index's), or null. */
  pointsNear(x0: number, x1: number, y0: number, y1: number): PointRuns | null {
    return this.index?.near(x0, x1, y0, y1) ?? null;
  }

  /** The points are drawn (on a lost context too: they come back on a redraw). */
  get isDrawn(): boolean {
    return this.drawn || (this.lost && this.drawing !== null);
  }

  /** Draw the points; resolves after the first frame with them is rendered. */
  async draw(data: PointsData, kind: ColorKind, nCategories: number): Promise<void> {
    if (this.lost) return;
    this.drawing = { data, kind, nCategories };
    this.nPoints = data.n;
    if (this.xy !== data.xy) {
      this.index = null;
      const xy = data.xy;
      this.sizeNote.indexing(data.n);
      void GridIndex.build(xy, () => this.xy !== xy).then((index) => {
        if (!index || this.xy !== xy) return;
        this.index = index;
        this.sizeNote.indexed(data.n);
      });
    }
    this.xy = data.xy;
    const x = new Float32Array(data.n);
    const y = new Float32Array(data.n);
    const anchors: [number, number, number, number] = [0, 0, 0, 0];
    for (let i = 0; i < data.n; i++) {
      x[i] = data.xy[2 * i];
      y[i] = data.xy[2 * i + 1];
      if (x[i] < x[anchors[0]]) anchors[0] = i;
      if (x[i] > x[anchors[1]]) anchors[1] = i;
      if (y[i] < y[anchors[2]]) anchors[2] = i;
      if (y[i] > y[anchors[3]]) anchors[3] = i;
    }
    this.anchors = anchors;
    // Few points need to be bigger to be seen; a million need to be small.
    const size = data.n > 200_000 ? 2 : data.n > 20_000 ? 3 : data.n > 2_000 ? 5 : 7;
    if (kind === "category") {
      await this.plot.set({ colorBy: "valueA", pointColor: categoryColors(nCategories), pointSize: size });
    } else if (kind === "value") {
      await this.plot.set({ colorBy: "valueA", pointColor: colormap(), pointSize: size });
    } else {
      await this.plot.set({ colorBy: null, pointSize: size });
    }
    const points = kind === "none" ? { x, y } : { x, y, valueA: data.values };
    const zDataType = kind === "value" ? "continuous" : "categorical";
    await this.plot.draw(points, { zDataType });
    mark("v2f:points-uploaded");
    await this.fit();
    this.drawn = true;
    await new Promise<void>((resolve) => {
      this.plot.subscribe("draw", () => resolve(), 1);
      this.plot.redraw();
    });
  }

  /** Abandon a box / lasso drag in progress. */
  cancelBrush(): void {
    this.brush.cancel();
  }

  setMode(mode: Mode): void {
    this.brush.setShape(mode === "pan" ? null : mode);
  }

  /** Set the selection without telling the listeners (it came from the kernel). */
  select(indices: ArrayLike<number>): void {
    if (!this.isDrawn) return;
    const list = Array.from(indices).filter((i) => i >= 0 && i < this.nPoints);
    this.selected = list;
    if (this.lost) return; // shown once redrawn
    if (list.length === 0) this.plot.deselect({ preventEvent: true });
    else this.plot.select(list, { preventEvent: true });
  }

  /** Clear the selection as the user would (listeners are told). */
  clear(): void {
    if (this.selected.length === 0 || !this.drawn) return;
    this.plot.deselect();
  }

  selection(): number[] {
    return this.selected.slice();
  }

  /** Show `index` as hovered (reticle), or nothing for -1. */
  highlight(index: number): void {
    if (!this.drawn) return;
    this.plot.hover(index, { showReticleOnce: true, preventEvent: true });
  }

  /** Centre the view on point `index`, zooming in to a neighbourhood (not to the point). */
  zoomTo(index: number): void {
    if (!this.drawn || !this.xy || index < 0 || index >= this.nPoints) return;
    const camera = this.plot.get("camera") as { distance?: number[] } | undefined;
    const current = camera?.distance?.[0] ?? 1;
    const target = [this.xy[2 * index], this.xy[2 * index + 1]];
    void this.plot.zoomToLocation(target, Math.min(current, 0.25), {
      transition: true,
      transitionDuration: 400,
    });
    this.highlight(index);
  }

  /** Point `index` in viewport (client) pixels under the current camera. */
  pointToClient(index: number): [number, number] {
    if (!this.drawn) return [NaN, NaN];
    const pos = this.screenPosition(index);
    if (!pos) return [NaN, NaN];
    const rect = this.canvas.getBoundingClientRect();
    return [rect.left + pos[0], rect.top + pos[1]];
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    if (this.lost) return;
    void this.plot.set({
      backgroundColor: rgba01(theme.background),
      reticleColor: theme.accent,
    });
    if (this.plot.get("colorBy") === null) void this.plot.set({ pointColor: theme.point });
  }

  /**
   * Follow the container's size. The library keeps the data's height fitted to the
   * canvas height, so a canvas narrower than tall would cut points off left and right:
   * a view the user has not moved is fitted to the points again.
   */
  resize(width: number, height: number): void {
    if (width < 1 || height < 1 || this.lost) return;
    if (width === this.plot.get("width") && height === this.plot.get("height")) return;
    const atHome = this.atHome();
    void this.plot.set({ width, height }).then(() => (atHome && !this.lost ? this.fit() : undefined));
  }

  /**
   * Show the data square [-1, 1]^2 (where the kernel puts the points) and every point,
   * whatever the canvas' aspect ratio, with room for the points' size (no transition).
   */
  private async fit(): Promise<void> {
    const xy = this.xy;
    if (!xy || this.nPoints === 0) return;
    const [minX, maxX, minY, maxY] = this.anchors;
    const x0 = Math.min(-1, xy[2 * minX]);
    const x1 = Math.max(1, xy[2 * maxX]);
    const y0 = Math.min(-1, xy[2 * minY + 1]);
    const y1 = Math.max(1, xy[2 * maxY + 1]);
    const width = Number(this.plot.get("width")) || 1;
    const height = Number(this.plot.get("height")) || 1;
    const perPixel = Math.max((x1 - x0) / width, (y1 - y0) / height);
    const pad = (FIT_PADDING_PX + (Number(this.plot.get("pointSize")) || 4) / 2) * perPixel;
    await this.plot.zoomToArea({ x: x0 - pad, y: y0 - pad, width: x1 - x0 + 2 * pad, height: y1 - y0 + 2 * pad });
    this.homeView = this.cameraView();
  }

  private cameraView(): number[] {
    return Array.from(this.plot.get("cameraView") as ArrayLike<number>);
  }

  /** The camera is where the last fit put it (the user has not zoomed or panned). */
  private atHome(): boolean {
    const home = this.homeView;
    if (!home) return false;
    const now = this.cameraView();
    return now.length === home.length && now.every((v, i) => Math.abs(v - home[i]) < 1e-6);
  }

  destroy(): void {
    this.brush.destroy();
    globalThis.removeEventListener(RESTORED_EVENT, this.onRestored);
    this.lostNote.remove();
    this.sizeNote.remove();
    if (!this.lost) this.plot.destroy();
    this.lease.release();
    this.canvas.remove();
  }
}
