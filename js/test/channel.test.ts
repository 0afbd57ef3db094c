import type { AnyModel } from "@anywidget/types";
import { beforeEach, describe, expect, it } from "vitest";
import type { Handlers } from "../src/channel";
import { Channel, decodeFaces, isToFrontEnd } from "../src/channel";
import { splitOutgoing } from "../src/codec";
import type { FacesAnswer, PointsData, WidgetModel } from "../src/protocol";

type Listener = (msg: unknown, buffers: DataView[]) => void;

/** The parts of an anywidget model the channel uses. */
class FakeModel {
  listeners = new Map<string, Listener[]>();
  sent: { msg: Record<string, unknown>; buffers: ArrayBuffer[] }[] = [];
  /** What send() throws, as the comm does once its kernel is gone. */
  failure: Error | null = null;

  on(event: string, fn: Listener): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn]);
  }

  off(event: string, fn: Listener): void {
    this.listeners.set(
      event,
      (this.listeners.get(event) ?? []).filter((l) => l !== fn),
    );
  }

  send(msg: Record<string, unknown>, _callbacks?: unknown, buffers: ArrayBuffer[] = []): void {
    if (this.failure) throw this.failure;
    this.sent.push({ msg, buffers });
  }

  trigger(event: string, msg: unknown = undefined, buffers: DataView[] = []): void {
    for (const listener of this.listeners.get(event) ?? []) listener(msg, buffers);
  }

  deliver(msg: unknown, buffers: ArrayBufferView[] = []): void {
    const views = buffers.map((b) => new DataView(b.buffer, b.byteOffset, b.byteLength));
    this.trigger("msg:custom", msg, views);
  }
}

let model: FakeModel;
let got: { points: PointsData[]; selection: number[][]; faces: FacesAnswer[] };
let errors: unknown[];
let channel: Channel;

beforeEach(() => {
  model = new FakeModel();
  got = { points: [], selection: [], faces: [] };
  errors = [];
  const handlers: Handlers = {
    points: (data) => got.points.push(data),
    selection: (indices) => got.selection.push(Array.from(indices)),
    faces: (answer) => got.faces.push(answer),
  };
  channel = new Channel(model as unknown as AnyModel<WidgetModel>, handlers, (e) => errors.push(e));
});

describe("Channel.send", () => {
  it("adds the view id, and the chunk header to messages with a buffer", () => {
    channel.send({ type: "ready" });
    channel.send({ type: "select", request_id: 3 }, new Int32Array([5, 6]));
    expect(model.sent[0].msg).toEqual({ type: "ready", view: channel.viewId });
    expect(model.sent[1].msg).toEqual({ type: "select", request_id: 3, view: channel.viewId, n_chunks: 1 });
    expect(Array.from(new Int32Array(model.sent[1].buffers[0]))).toEqual([5, 6]);
  });
});

describe("Channel without a kernel", () => {
  function linked(): { channel: Channel; gone: string[] } {
    const gone: string[] = [];
    const handlers: Handlers = { points: () => {}, selection: () => {}, faces: () => {} };
    const model_ = model as unknown as AnyModel<WidgetModel>;
    return {
      channel: new Channel(
        model_,
        handlers,
        () => {},
        (reason) => gone.push(reason),
      ),
      gone,
    };
  }

  it("reports a failed send once, never throws, and sends nothing after it", () => {
    const { channel: live, gone } = linked();
    model.failure = new Error("Cannot send");
    expect(() => live.send({ type: "hover", request_id: 1, index: 3 })).not.toThrow();
    expect(() => live.send({ type: "select", request_id: 2 }, new Int32Array([1]))).not.toThrow();
    expect(gone).toHaveLength(1);
    expect(gone[0]).toMatch(/Cannot send/);
    expect(live.connected).toBe(false);
    model.failure = null;
    live.send({ type: "ready" });
    expect(model.sent).toEqual([]);
  });

  it("hears the comm going dead, or closing, once", () => {
    const restarted = linked();
    model.trigger("comm_live_update");
    model.trigger("comm_live_update");
    expect(restarted.gone).toEqual(["the kernel restarted or disconnected"]);
    const closed = linked();
    model.trigger("comm:close");
    expect(closed.gone).toEqual(["the kernel closed this widget"]);
    expect(restarted.gone).toHaveLength(1);
  });
});

describe("Channel receiving", () => {
  it("decodes points, selections and faces meant for this view", () => {
    const xy = new Float32Array([0.5, -0.5, 1, 1]);
    const values = new Uint16Array([1, 0]);
    model.deliver({ type: "points", n: 2, values_dtype: "uint16", buffers: ["xy", "values"], view: channel.viewId }, [
      xy,
      values,
    ]);
    model.deliver({ type: "selection", buffers: ["indices"] }, [new Int32Array([1])]);
    expect(got.points[0].n).toBe(2);
    expect(Array.from(got.points[0].xy)).toEqual([0.5, -0.5, 1, 1]);
    expect(got.points[0].values).toBeInstanceOf(Uint16Array);
    expect(got.selection).toEqual([[1]]);
    expect(errors).toEqual([]);
  });

  it("ignores answers to other views, its own echoed selection, and unknown messages", () => {
    model.deliver({ type: "faces", purpose: "panel", view: "another-view", request_id: 1 });
    model.deliver({ type: "selection", origin: channel.viewId, buffers: ["indices"] }, [new Int32Array([1])]);
    model.deliver({ type: "surprise" });
    model.deliver("not an object");
    expect(got.faces).toEqual([]);
    expect(got.selection).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("reassembles a split message", () => {
    const data = new Int32Array(Array.from({ length: 50 }, (_, i) => i));
    for (const [header, buffer] of splitOutgoing(data, 64)) {
      model.deliver({ type: "selection", buffers: ["indices"], ...header }, [new Uint8Array(buffer)]);
    }
    expect(got.selection).toEqual([Array.from(data)]);
  });

  it("reports a message it cannot read instead of throwing", () => {
    model.deliver({ type: "points", n: 2, values_dtype: "float32", buffers: ["xy"] }, [new Float32Array(4)]);
    expect(got.points).toEqual([]);
    expect(String(errors[0])).toMatch(/points message without buffers/);
  });

  it("stops listening when disposed", () => {
    channel.dispose();
    model.deliver({ type: "selection", buffers: ["indices"] }, [new Int32Array([1])]);
    expect(got.selection).toEqual([]);
  });
});

describe("decodeFaces", () => {
  it("reads the answer's fields and buffers, with safe defaults", () => {
    const named = new Map([
      ["indices", new DataView(new Int32Array([4, 9]).buffer)],
      ["landmarks", new DataView(new Float32Array([0.25, 0.5]).buffer)],
    ]);
    const faces = decodeFaces(
      { type: "faces", purpose: "panel", request_id: 5, count: 20, labels: ["a", "b"], preview: true },
      named,
    );
    expect(faces.requestId).toBe(5);
    expect(faces.count).toBe(20);
    expect(Array.from(faces.indices)).toEqual([4, 9]);
    expect(Array.from(faces.landmarks)).toEqual([0.25, 0.5]);
    expect(faces.mean.length).toBe(0);
    expect(faces.preview).toBe(true);
    expect(faces.error).toBeUndefined();
    const failed = decodeFaces({ type: "faces", purpose: "hover", error: "boom" }, new Map());
    expect([failed.purpose, failed.error, failed.requestId, failed.indices.length]).toEqual(["hover", "boom", 0, 0]);
  });

  it("knows the kernel's message types", () => {
    expect(["points", "selection", "faces"].every((type) => isToFrontEnd({ type }))).toBe(true);
    expect(isToFrontEnd({ type: "select" })).toBe(false);
    expect(isToFrontEnd(null)).toBe(false);
  });
});
