// Live brushing: while a box or lasso drag is in progress, ask the kernel for the faces of
// the selection that mouse-up would produce (a preview: the kernel's selection is left
// alone), with at most one request in flight and at most one every THROTTLE_MS, so the
// panel follows the brush. At mouse-up it tells whether the panel already shows the
// faces of the final selection (or a request in flight will).

/** Least time between two preview requests. */
export const THROTTLE_MS = 40;

export interface PreviewSource {
  /** The selection mouse-up would produce now, or null when no drag is in progress. */
  current(): number[] | null;
  /** Send a preview request for `indices`; returns its request id. */
  send(indices: Int32Array): number;
}

/** How the final selection of a drag relates to the previews. */
export type Finish =
  | { kind: "shown" } // the panel shows its faces already
  | { kind: "in-flight"; requestId: number } // the preview in flight asked for them
  | { kind: "none" };

function same(a: ArrayLike<number> | null, b: ArrayLike<number>): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class LivePreview {
  private active = false;
  /** The brush moved since the last selection was computed. */
  private dirty = false;
  private inFlight = 0;
  private lastSent: Int32Array | null = null;
  private lastSentAt = -Infinity;
  /** Selections of this drag's requests, by request id (until drawn or superseded). */
  private readonly sent = new Map<number, Int32Array>();
  /** The selection whose preview the panel shows. */
  private shown: Int32Array | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly source: PreviewSource) {}

  /** The brush moved during a drag: send a preview when allowed. */
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

  /** The panel drew something other than a preview: it no longer shows one. */
  forget(): void {
    this.shown = null;
  }

  /** The drag ended with `selection` (mouse-up): how the previews relate to it. */
  finish(selection: ArrayLike<number>): Finish {
    if (!this.active) return { kind: "none" };
    this.stop();
    if (same(this.shown, selection)) return { kind: "shown" };
    if (this.inFlight && same(this.sent.get(this.inFlight) ?? null, selection)) {
      return { kind: "in-flight", requestId: this.inFlight };
    }
    return { kind: "none" };
  }

  /** The drag ended without a new selection: true when previews were sent (the panel
   * has to show the kernel's selection again). */
  cancel(): boolean {
    if (!this.active) return false;
    this.stop();
    return this.lastSent !== null;
  }

  private stop(): void {
    this.active = false;
    this.dirty = false;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (!this.active || !this.dirty || this.inFlight || this.timer !== null) return;
    const wait = this.lastSentAt + THROTTLE_MS - performance.now();
    if (wait <= 0) this.flush();
    else
      this.timer = setTimeout(() => {
        this.timer = null;
        this.flush();
      }, wait);
  }

  private flush(): void {
    if (!this.active || !this.dirty || this.inFlight) return;
    this.dirty = false;
    const current = this.source.current();
    if (!current) return;
    const selection = Int32Array.from(current);
    if (same(this.lastSent, selection)) return;
    this.lastSent = selection;
    this.lastSentAt = performance.now();
    this.inFlight = this.source.send(selection);
    this.sent.set(this.inFlight, selection);
  }
}
