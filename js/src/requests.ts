// Requests for faces and what becomes of their answers, for one view: request ids, stale
// answers dropped, and live brushing (previews of a drag in progress, one in flight, one
// every THROTTLE_MS at most; at mouse-up, a preview that already shows or asked for the
// final selection stands for the select's answer). A preview of a big selection carries
// PREVIEW_SAMPLE of its sorted indices, evenly spread, and its count, so its cost in the
// kernel does not grow with the brush. No DOM: the view sends what this asks and draws
// what `answer` says (see js/CONTRACT.md, "live brushing" and "faces-drawn").

import { encodeSelection } from "./codec";
import type { FacesAnswer, Outgoing } from "./protocol";
import { PREVIEW_SAMPLE } from "./protocol";

/** Least time between two preview requests. */
export const THROTTLE_MS = 40;

/** Sends a request to the kernel; `indices` travel as its buffer (int32 indices, or a
 * `select`'s bits, see codec.ts `encodeSelection`). */
export type Send = (message: Outgoing, indices?: Int32Array | Uint8Array) => void;

/** Time and timers (replaceable in tests). */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** What the view does with a faces answer. */
export type Verdict =
  /** Older than a newer request of its kind: ignore it. */
  | { kind: "stale" }
  /** Decoding failed in the kernel (shown in the panel for panel answers). */
  | { kind: "error"; message: string }
  /** The hovered point's face. */
  | { kind: "tooltip" }
  /** The faces of a brush in progress: draw them, they do not count as drawn. */
  | { kind: "preview" }
  /** The faces of the selection of request `drawnFor`: draw them, they count as drawn. */
  | { kind: "panel"; drawnFor: number }
  /** The same faces are on screen already (a preview showed them): nothing to draw. */
  | { kind: "same" };

/** The purposes whose requests this keeps (the face map keeps its own, facemap.ts). */
type Purpose = "panel" | "hover";

/** How the final selection of a drag relates to its previews. */
type Finish =
  | { kind: "shown" } // the panel shows its faces already
  | { kind: "in-flight"; requestId: number } // the preview in flight asked for them
  | { kind: "none" };

export class Requests {
  private nextId = 1;
  /** The latest request of each purpose: older answers are stale. */
  private readonly latest = { panel: 0, hover: 0 };
  /** Older panel requests whose answers still count (a preview adopted at mouse-up). */
  private readonly adopted = new Set<number>();
  /** Adopted preview request id -> the select request it answers. */
  private readonly adoptedFor = new Map<number, number>();
  /** A select request whose faces a preview already put on screen (its answer is skipped). */
  private answeredEarly = 0;
  private readonly preview: LivePreview;

  /** `brush` tells the selection mouse-up would produce now (null: no drag in progress). */
  constructor(
    private readonly send: Send,
    brush: () => ArrayLike<number> | null,
    clock: Clock = realClock,
    /** How many points there are (0: unknown), for the encoding of a selection. */
    private readonly nPoints: () => number = () => 0,
  ) {
    this.preview = new LivePreview(brush, clock, (sorted) => {
      const id = this.newId("panel");
      this.send({ type: "preview", request_id: id, count: sorted.length }, previewSample(sorted));
      return id;
    });
  }

  /** Ask for the faces of the kernel's current selection. */
  panel(): number {
    const id = this.newId("panel");
    this.send({ type: "panel", request_id: id });
    return id;
  }

  /** Ask for the faces of the face map's `indices` (an id from the same sequence). */
  facemap(indices: Int32Array): number {
    const id = this.nextId++;
    this.send({ type: "facemap", request_id: id }, indices);
    return id;
  }

  /** Ask for the face of point `index`. */
  hover(index: number): number {
    const id = this.newId("hover");
    this.send({ type: "hover", request_id: id, index });
    return id;
  }

  /** Forget pending hover answers (the pointer left the point). */
  cancelHover(): void {
    this.latest.hover = this.nextId++;
  }

  /**
   * The user's new selection: send it to the kernel. When a preview shows its faces
   * already, `shownNow(requestId)` runs before the request goes out, and the kernel's
   * answer will be `same`.
   */
  select(indices: ArrayLike<number>, shownNow?: (requestId: number) => void): { requestId: number; shown: boolean } {
    const finish = this.preview.finish(indices);
    const requestId = this.newId("panel");
    if (finish.kind === "shown") {
      this.answeredEarly = requestId;
      shownNow?.(requestId);
    } else if (finish.kind === "in-flight") {
      this.adopted.add(finish.requestId);
      this.adoptedFor.set(finish.requestId, requestId);
    }
    const { bits, data } = encodeSelection(indices, this.nPoints());
    this.send(bits ? { type: "select", request_id: requestId, bits } : { type: "select", request_id: requestId }, data);
    return { requestId, shown: finish.kind === "shown" };
  }

  /** The brush of a drag moved: send a preview when allowed. */
  brushMoved(): void {
    this.preview.moved();
  }

  /** A drag ended (after `select`, if it changed the selection). Without a new selection,
   * previews may have left the panel: ask for the kernel's selection again. */
  brushEnded(): void {
    if (this.preview.cancel()) this.panel();
  }

  /** The kernel's selection became empty: the panel shows no preview any more. */
  selectionCleared(): void {
    this.preview.forget();
  }

  /** Judge a faces answer (every answer comes here, stale ones too). */
  answer(answer: FacesAnswer): Verdict {
    const id = answer.requestId;
    if (answer.purpose === "facemap") return { kind: "stale" };
    const fresh = id >= this.latest[answer.purpose] || this.adopted.delete(id);
    const verdict: Verdict = fresh ? this.judge(answer) : { kind: "stale" };
    this.preview.settled(id);
    return verdict;
  }

  private judge(answer: FacesAnswer): Verdict {
    const id = answer.requestId;
    if (answer.error !== undefined) return { kind: "error", message: answer.error };
    if (answer.purpose === "hover") return { kind: "tooltip" };
    const selectId = this.adoptedFor.get(id);
    if (selectId !== undefined) {
      // The preview in flight at mouse-up asked for the final selection: its answer.
      this.adoptedFor.delete(id);
      this.answeredEarly = selectId;
      return { kind: "panel", drawnFor: selectId };
    }
    if (answer.preview) {
      this.preview.drawn(id);
      return { kind: "preview" };
    }
    if (id === this.answeredEarly) {
      // The kernel decodes a selection the same way: these faces are on screen.
      this.answeredEarly = 0;
      return { kind: "same" };
    }
    this.preview.forget();
    return { kind: "panel", drawnFor: id };
  }

  private newId(purpose: Purpose): number {
    const id = this.nextId++;
    this.latest[purpose] = id;
    return id;
  }
}

/** The indices a preview of the sorted selection `sorted` carries (the kernel's
 * `stride_sample`): all of them, or PREVIEW_SAMPLE evenly spread. */
export function previewSample(sorted: Int32Array, cap: number = PREVIEW_SAMPLE): Int32Array {
  const n = sorted.length;
  if (n <= cap) return sorted;
  const out = new Int32Array(cap);
  for (let i = 0; i < cap; i++) out[i] = sorted[Math.floor((i * n) / cap)];
  return out;
}

/** A sorted copy of `indices` (a brush's selection usually comes sorted: one pass). */
function sortedCopy(indices: ArrayLike<number>): Int32Array {
  const copy = Int32Array.from(indices);
  for (let i = 1; i < copy.length; i++) if (copy[i] < copy[i - 1]) return copy.sort();
  return copy;
}

function same(a: ArrayLike<number> | null | undefined, b: ArrayLike<number>): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Previews of one drag: at most one in flight, one every THROTTLE_MS at most. */
class LivePreview {
  private active = false;
  /** The brush moved since the last selection was computed. */
  private dirty = false;
  private inFlight = 0;
  private lastSent: Int32Array | null = null;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  /** Selections (sorted) of this drag's requests, by request id (until drawn or superseded). */
  private readonly sent = new Map<number, Int32Array>();
  /** The selection whose preview the panel shows. */
  private shown: Int32Array | null = null;
  private timer: unknown = null;

  constructor(
    private readonly brush: () => ArrayLike<number> | null,
    private readonly clock: Clock,
    /** Sends a preview of the sorted selection; returns its request id. */
    private readonly send: (sorted: Int32Array) => number,
  ) {}

  moved(): void {
    if (!this.active) {
      this.active = true;
      this.lastSent = null;
      this.shown = null;
      this.sent.clear();
    }
    this.dirty = true;
    this.schedule();
  }

  /** The answer to request `requestId` came (drawn or dropped as stale). */
  settled(requestId: number): void {
    if (requestId !== this.inFlight) return;
    this.inFlight = 0;
    this.schedule();
  }

  /** The panel drew the preview answer to `requestId`. */
  drawn(requestId: number): void {
    const selection = this.sent.get(requestId);
    if (!selection) return;
    this.shown = selection;
    for (const id of this.sent.keys()) if (id < requestId) this.sent.delete(id);
  }

  /** The panel drew something other than a preview. */
  forget(): void {
    this.shown = null;
  }

  /** The drag ended with `selection` (mouse-up): how the previews relate to it. */
  finish(final: ArrayLike<number>): Finish {
    if (!this.active) return { kind: "none" };
    this.stop();
    const selection = sortedCopy(final);
    if (same(this.shown, selection)) return { kind: "shown" };
    if (this.inFlight && same(this.sent.get(this.inFlight), selection)) {
      return { kind: "in-flight", requestId: this.inFlight };
    }
    return { kind: "none" };
  }

  /** The drag ended without a new selection: true when previews were sent. */
  cancel(): boolean {
    if (!this.active) return false;
    this.stop();
    return this.lastSent !== null;
  }

  private stop(): void {
    this.active = false;
    this.dirty = false;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (!this.active || !this.dirty || this.inFlight || this.timer !== null) return;
    const wait = this.lastSentAt + THROTTLE_MS - this.clock.now();
    if (wait <= 0) {
      this.flush();
      return;
    }
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.flush();
    }, wait);
  }

  private flush(): void {
    if (!this.active || !this.dirty || this.inFlight) return;
    this.dirty = false;
    const current = this.brush();
    if (!current) return;
    const selection = sortedCopy(current);
    if (same(this.lastSent, selection)) return;
    this.lastSent = selection;
    this.lastSentAt = this.clock.now();
    this.inFlight = this.send(selection);
    this.sent.set(this.inFlight, selection);
  }
}
