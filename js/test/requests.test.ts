import { beforeEach, describe, expect, it } from "vitest";
import type { FacesAnswer, Outgoing } from "../src/protocol";
import { PREVIEW_SAMPLE } from "../src/protocol";
import type { Clock } from "../src/requests";
import { previewSample, Requests, THROTTLE_MS } from "../src/requests";

class FakeClock implements Clock {
  private t = 1000;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private lastId = 0;

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    this.lastId += 1;
    this.timers.push({ at: this.t + ms, fn, id: this.lastId });
    return this.lastId;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  }

  advance(ms: number): void {
    this.t += ms;
    for (const timer of this.timers.filter((tm) => tm.at <= this.t)) {
      this.clearTimeout(timer.id);
      timer.fn();
    }
  }
}

interface Sent {
  message: Outgoing;
  indices: number[] | null;
}

let sent: Sent[];
let brush: number[] | null;
let clock: FakeClock;
let requests: Requests;

beforeEach(() => {
  sent = [];
  brush = null;
  clock = new FakeClock();
  requests = new Requests(
    (message, indices) => sent.push({ message, indices: indices ? Array.from(indices) : null }),
    () => brush,
    clock,
  );
});

function answer(requestId: number, extra: Partial<FacesAnswer> = {}): FacesAnswer {
  return {
    requestId,
    purpose: "panel",
    count: 1,
    indices: new Int32Array([0]),
    labels: ["0"],
    landmarks: new Float32Array(0),
    mean: new Float32Array(0),
    preview: false,
    ...extra,
  };
}

/** The request id of the last message sent, which must be of `type`. */
function lastId(type: Outgoing["type"]): number {
  const last = sent[sent.length - 1];
  expect(last.message.type).toBe(type);
  return (last.message as { request_id: number }).request_id;
}

function previews(): number[][] {
  return sent.filter((s) => s.message.type === "preview").map((s) => s.indices ?? []);
}

describe("the encoding of a selection", () => {
  it("sends a big share of the points as bits", () => {
    const withCount = new Requests(
      (message, indices) => sent.push({ message, indices: indices ? Array.from(indices) : null }),
      () => brush,
      clock,
      () => 16,
    );
    const big = withCount.select([0, 1, 2, 9]);
    expect(sent[0].message).toEqual({ type: "select", request_id: big.requestId, bits: true });
    expect(sent[0].indices).toEqual([0b111, 0b10]);
    const small = withCount.select([4]); // 4 bytes of int32 against 2 of bits
    expect(sent[1].message).toEqual({ type: "select", request_id: small.requestId, bits: true });
    const none = withCount.select([]);
    expect(sent[2].message).toEqual({ type: "select", request_id: none.requestId });
    expect(sent[2].indices).toEqual([]);
  });
});

describe("request ids and stale answers", () => {
  it("drops panel answers older than the latest select, preview or panel request", () => {
    const first = requests.panel();
    const second = requests.select([1, 2]);
    expect(second.requestId).toBeGreaterThan(first);
    expect(sent.map((s) => s.message)).toEqual([
      { type: "panel", request_id: first },
      { type: "select", request_id: second.requestId },
    ]);
    expect(sent[1].indices).toEqual([1, 2]);
    expect(requests.answer(answer(first))).toEqual({ kind: "stale" });
    expect(requests.answer(answer(second.requestId))).toEqual({ kind: "panel", drawnFor: second.requestId });
  });

  it("keeps hover and panel requests apart; cancelHover makes pending hovers stale", () => {
    const hover = requests.hover(7);
    expect(sent[0].message).toEqual({ type: "hover", request_id: hover, index: 7 });
    const panel = requests.panel();
    expect(requests.answer(answer(hover, { purpose: "hover" }))).toEqual({ kind: "tooltip" });
    const next = requests.hover(8);
    requests.cancelHover();
    expect(requests.answer(answer(next, { purpose: "hover" }))).toEqual({ kind: "stale" });
    expect(requests.answer(answer(panel))).toEqual({ kind: "panel", drawnFor: panel });
  });

  it("passes the kernel's error on", () => {
    const id = requests.panel();
    expect(requests.answer(answer(id, { error: "boom" }))).toEqual({ kind: "error", message: "boom" });
  });
});

describe("live brushing", () => {
  it("sends a preview at once, then at most one in flight", () => {
    brush = [1];
    requests.brushMoved();
    expect(previews()).toEqual([[1]]);
    const first = lastId("preview");
    brush = [1, 2];
    requests.brushMoved();
    brush = [1, 2, 3];
    requests.brushMoved();
    clock.advance(10 * THROTTLE_MS);
    expect(previews()).toEqual([[1]]); // still waiting for the first answer
    expect(requests.answer(answer(first, { preview: true }))).toEqual({ kind: "preview" });
    expect(previews()).toEqual([[1], [1, 2, 3]]); // the brush as it is now, not every step
  });

  it("waits THROTTLE_MS between two previews", () => {
    brush = [1];
    requests.brushMoved();
    const first = lastId("preview");
    brush = [1, 2];
    requests.brushMoved();
    clock.advance(5);
    requests.answer(answer(first, { preview: true }));
    expect(previews()).toHaveLength(1);
    clock.advance(THROTTLE_MS - 6);
    expect(previews()).toHaveLength(1);
    clock.advance(1);
    expect(previews()).toEqual([[1], [1, 2]]);
  });

  it("sends nothing while the brushed selection stays the same", () => {
    brush = [4, 5];
    requests.brushMoved();
    requests.answer(answer(lastId("preview"), { preview: true }));
    clock.advance(THROTTLE_MS);
    requests.brushMoved();
    clock.advance(THROTTLE_MS);
    expect(previews()).toEqual([[4, 5]]);
  });

  it("a stale preview answer frees the slot for the next preview too", () => {
    brush = [1];
    requests.brushMoved();
    const first = lastId("preview");
    requests.panel(); // e.g. max_faces changed: the preview's answer is now stale
    brush = [2];
    requests.brushMoved();
    expect(requests.answer(answer(first, { preview: true }))).toEqual({ kind: "stale" });
    clock.advance(THROTTLE_MS);
    expect(previews()).toEqual([[1], [2]]);
  });
});

describe("mouse-up after live brushing", () => {
  function dragShowing(selection: number[]): void {
    brush = selection;
    requests.brushMoved();
    expect(requests.answer(answer(lastId("preview"), { preview: true }))).toEqual({ kind: "preview" });
  }

  it("counts the faces as drawn at once when the last drawn preview shows the selection", () => {
    dragShowing([3, 4]);
    const calls: [number, number][] = [];
    const { requestId, shown } = requests.select([3, 4], (id) => calls.push([id, sent.length]));
    expect(shown).toBe(true);
    expect(calls).toEqual([[requestId, 1]]); // before the select went out
    expect(sent[1].message).toEqual({ type: "select", request_id: requestId });
    expect(requests.answer(answer(requestId))).toEqual({ kind: "same" });
    // The next answer to a later request is drawn as usual.
    const panel = requests.panel();
    expect(requests.answer(answer(panel))).toEqual({ kind: "panel", drawnFor: panel });
  });

  it("adopts the preview in flight that asked for the final selection", () => {
    brush = [3, 4];
    requests.brushMoved();
    const preview = lastId("preview");
    const calls: number[] = [];
    const select = requests.select([3, 4], (id) => calls.push(id));
    expect(select.shown).toBe(false);
    expect(calls).toEqual([]);
    // Older than the select, yet it answers it.
    expect(requests.answer(answer(preview, { preview: true }))).toEqual({
      kind: "panel",
      drawnFor: select.requestId,
    });
    expect(requests.answer(answer(select.requestId))).toEqual({ kind: "same" });
  });

  it("waits for the select's answer when no preview matches", () => {
    dragShowing([3]);
    brush = [3, 4];
    requests.brushMoved(); // throttled: nothing sent yet
    const select = requests.select([3, 4, 5]);
    expect(select.shown).toBe(false);
    clock.advance(10 * THROTTLE_MS);
    expect(previews()).toEqual([[3]]); // the drag is over: no more previews
    expect(requests.answer(answer(select.requestId))).toEqual({ kind: "panel", drawnFor: select.requestId });
  });

  it("a panel drawn during the drag means the preview is no longer on screen", () => {
    dragShowing([3, 4]);
    const panel = requests.panel();
    requests.answer(answer(panel));
    expect(requests.select([3, 4]).shown).toBe(false);
  });

  it("the kernel clearing the selection means the preview is no longer on screen", () => {
    dragShowing([3, 4]);
    requests.selectionCleared();
    expect(requests.select([3, 4]).shown).toBe(false);
  });

  it("a drag that ends without a new selection asks for the kernel's panel again", () => {
    dragShowing([3]);
    requests.brushEnded();
    expect(sent[sent.length - 1].message.type).toBe("panel");
    const count = sent.length;
    requests.brushEnded(); // no drag any more: nothing to restore
    expect(sent).toHaveLength(count);
  });

  it("a drag without previews ends without a request", () => {
    requests.brushEnded();
    brush = null; // the brush covers nothing computable yet
    requests.brushMoved();
    requests.brushEnded();
    expect(sent).toEqual([]);
  });

  it("a click without a drag is a plain select", () => {
    const select = requests.select([9]);
    expect(select.shown).toBe(false);
    expect(requests.answer(answer(select.requestId))).toEqual({ kind: "panel", drawnFor: select.requestId });
  });
});

describe("previews of big selections", () => {
  it("sends all indices, sorted, of a selection up to PREVIEW_SAMPLE, with its count", () => {
    brush = [9, 2, 5];
    requests.brushMoved();
    expect(sent[0].message).toMatchObject({ type: "preview", count: 3 });
    expect(previews()).toEqual([[2, 5, 9]]);
  });

  it("sends PREVIEW_SAMPLE evenly spread indices of a bigger one, and its whole count", () => {
    const n = 3 * PREVIEW_SAMPLE + 7;
    brush = Array.from({ length: n }, (_, i) => 2 * (n - 1 - i)); // even numbers, descending
    requests.brushMoved();
    expect(sent[0].message).toMatchObject({ type: "preview", count: n });
    const sample = previews()[0];
    expect(sample).toHaveLength(PREVIEW_SAMPLE);
    // The kernel's stride_sample: sorted[floor(i * n / cap)].
    for (const i of [0, 1, 1000, PREVIEW_SAMPLE - 1]) expect(sample[i]).toBe(2 * Math.floor((i * n) / PREVIEW_SAMPLE));
  });

  it("recognises the final selection in any order as the one a preview showed", () => {
    const n = PREVIEW_SAMPLE + 100;
    brush = Array.from({ length: n }, (_, i) => i);
    requests.brushMoved();
    requests.answer(answer(lastId("preview"), { preview: true, count: n }));
    const final = Array.from({ length: n }, (_, i) => n - 1 - i);
    expect(requests.select(final).shown).toBe(true);
  });

  it("previewSample keeps small selections and spreads big ones", () => {
    const small = Int32Array.from([1, 4, 8]);
    expect(previewSample(small)).toBe(small);
    expect(Array.from(previewSample(Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), 4))).toEqual([0, 2, 5, 7]);
  });
});
