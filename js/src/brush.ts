// Box and lasso brushing over the scatter, done here rather than by regl-scatterplot's
// lasso so the selected region is exactly the one the pointer drew (the library's lasso
// drops the last throttled pointer positions) and shift adds, alt removes.

import type { Affine } from "./geometry";
import { boxInData, pointsInBox, pointsInPolygon, polygonInData } from "./geometry";
import type { GridIndex } from "./grid_index";
import { mark } from "./marks";

export type BrushShape = "box" | "lasso";

export interface BrushTarget {
  /** The current data -> canvas-pixel transform, or null before the points are drawn. */
  transform(): Affine | null;
  /** Point coordinates, x and y interleaved. */
  xy(): Float32Array | null;
  /** The grid index over `xy()` once built (until then every point is tested). */
  index(): GridIndex | null;
  /** Apply a brushed selection. */
  brushed(indices: number[], mode: BrushMode): void;
  /** A click without a drag at canvas pixel `at`. */
  clicked(at: [number, number], merge: boolean): void;
  /** Brushing started / ended (hide the tooltip meanwhile); ends after `brushed`. */
  brushing(active: boolean): void;
  /** The region of a drag in progress changed (see Brush.current). */
  moved(): void;
}

export interface BrushMode {
  merge: boolean;
  remove: boolean;
}

/** The points a brush covers and how they combine with the selection. */
export interface Brushed {
  indices: number[];
  mode: BrushMode;
}

function modeOf(event: MouseEvent): BrushMode {
  return { merge: event.shiftKey, remove: event.altKey && !event.shiftKey };
}

const SVG_NS = "http://www.w3.org/2000/svg";
const MIN_DRAG_PX = 3;

/** Pointer handling for box / lasso brushing on `container` (which holds the canvas). */
export class Brush {
  private shape: BrushShape | null = "lasso";
  private readonly overlay: SVGSVGElement;
  private readonly outline: SVGPolygonElement;
  private path: [number, number][] = [];
  private start: [number, number] | null = null;
  private dragged = false;
  /** The pointer during a drag and the modifier keys held at its last move. */
  private pointer: [number, number] | null = null;
  private pointerMode: BrushMode = { merge: false, remove: false };
  /** The last region computed during this drag (mouse-up where the mouse rested reuses it). */
  private lastRegion: { key: string; indices: number[] } | null = null;
  private readonly cleanup: () => void;

  constructor(
    private readonly container: HTMLElement,
    private readonly target: BrushTarget,
  ) {
    this.overlay = document.createElementNS(SVG_NS, "svg");
    this.overlay.setAttribute("class", "v2f-brush");
    this.outline = document.createElementNS(SVG_NS, "polygon");
    this.overlay.appendChild(this.outline);
    container.appendChild(this.overlay);

    const down = (event: MouseEvent) => this.down(event);
    const move = (event: MouseEvent) => this.move(event);
    const up = (event: MouseEvent) => this.up(event);
    const click = (event: MouseEvent) => {
      if (this.shape && event.target instanceof HTMLCanvasElement) event.stopPropagation();
    };
    container.addEventListener("mousedown", down, true);
    container.addEventListener("click", click, true);
    window.addEventListener("mousemove", move, true);
    window.addEventListener("mouseup", up, true);
    this.cleanup = () => {
      container.removeEventListener("mousedown", down, true);
      container.removeEventListener("click", click, true);
      window.removeEventListener("mousemove", move, true);
      window.removeEventListener("mouseup", up, true);
      this.overlay.remove();
    };
  }

  /** Brush with `shape`, or null to leave the pointer to pan/zoom. */
  setShape(shape: BrushShape | null): void {
    this.shape = shape;
    this.container.classList.toggle("v2f-brushing-mode", shape !== null);
  }

  destroy(): void {
    this.cleanup();
  }

  /** Abandon a drag in progress without brushing anything. */
  cancel(): void {
    const active = this.start !== null && this.dragged;
    this.start = null;
    this.pointer = null;
    this.outline.setAttribute("points", "");
    this.overlay.classList.remove("v2f-active");
    if (active) this.target.brushing(false);
  }

  /**
   * The points inside the region of the drag in progress, as mouse-up at the pointer's
   * position would brush them (the same code), or null when no drag is in progress.
   */
  current(): Brushed | null {
    if (!this.start || !this.dragged || !this.pointer) return null;
    return this.region(this.start, this.pointer, this.pointerMode);
  }

  private region(start: [number, number], end: [number, number], mode: BrushMode): Brushed | null {
    const t = this.target.transform();
    const xy = this.target.xy();
    if (!t || !xy) return null;
    const key = [this.shape, start, end, this.path.length, t.ax, t.bx, t.ay, t.by, xy.length].join();
    if (this.lastRegion?.key !== key) {
      this.lastRegion = { key, indices: this.inside(xy, t, start, end) };
    }
    return { indices: this.lastRegion.indices.slice(), mode };
  }

  /** The points inside the shape from `start` to `end`, through the grid index if built. */
  private inside(xy: Float32Array, t: Affine, start: [number, number], end: [number, number]): number[] {
    const index = this.target.index();
    const usable = index !== null && index.nPoints === xy.length / 2;
    if (this.shape === "box") {
      return usable ? index.box(...boxInData(t, start, end)) : pointsInBox(xy, t, start, end);
    }
    const polygon = [...this.path, end];
    if (!usable) return pointsInPolygon(xy, t, polygon);
    return polygon.length < 3 ? [] : index.polygon(...polygonInData(t, polygon));
  }

  private local(event: MouseEvent): [number, number] {
    const rect = this.container.getBoundingClientRect();
    return [event.clientX - rect.left, event.clientY - rect.top];
  }

  private down(event: MouseEvent): void {
    if (!this.shape || event.button !== 0 || !(event.target instanceof HTMLCanvasElement)) return;
    // Keep the camera from panning while brushing.
    event.stopPropagation();
    event.preventDefault();
    this.start = this.local(event);
    this.path = [this.start];
    this.dragged = false;
    this.pointer = null;
    this.lastRegion = null;
  }

  private move(event: MouseEvent): void {
    if (!this.start) return;
    // The scatter's own hover would redraw the canvas at every move of the drag (a frame
    // of a million points each): the pointer is the brush's until mouse-up.
    event.stopPropagation();
    const p = this.local(event);
    if (!this.dragged) {
      if (Math.hypot(p[0] - this.start[0], p[1] - this.start[1]) < MIN_DRAG_PX) return;
      this.dragged = true;
      this.target.brushing(true);
    }
    event.preventDefault();
    const last = this.path[this.path.length - 1];
    if (this.shape === "box") this.path = [this.start, p];
    else if (Math.hypot(p[0] - last[0], p[1] - last[1]) >= 2) this.path.push(p);
    this.drawOutline(p);
    this.pointer = p;
    this.pointerMode = modeOf(event);
    this.target.moved();
  }

  private up(event: MouseEvent): void {
    if (!this.start) return;
    const start = this.start;
    this.start = null;
    this.pointer = null;
    const end = this.local(event);
    mark("v2f:brush-end");
    this.outline.setAttribute("points", "");
    this.overlay.classList.remove("v2f-active");
    if (!this.dragged) {
      this.target.clicked(end, event.shiftKey);
      return;
    }
    try {
      const brushed = this.region(start, end, modeOf(event));
      if (brushed) this.target.brushed(brushed.indices, brushed.mode);
    } finally {
      this.target.brushing(false);
    }
  }

  private drawOutline(p: [number, number]): void {
    const corners: [number, number][] =
      this.shape === "box" && this.start ? [this.start, [p[0], this.start[1]], p, [this.start[0], p[1]]] : this.path;
    this.outline.setAttribute("points", corners.map(([x, y]) => `${x},${y}`).join(" "));
    this.overlay.classList.add("v2f-active");
  }
}
