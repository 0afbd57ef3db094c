// The messages between this front end and the kernel (see face_scatter.py), and the
// request ids that let the front end drop stale answers.

import type { AnyModel } from "@anywidget/types";
import type { ChunkHeader } from "./codec";
import { ChunkAssembler, encodeIndices, namedBuffers, splitOutgoing, toFloat32, toInt32, toUint16 } from "./codec";

/** The synced traits this front end reads. */
export interface WidgetModel {
  max_faces: number;
  height: number;
  error: string;
  _n_points: number;
  _topology: Topology;
  _color_kind: "none" | "category" | "value";
  _categories: string[];
  _value_range: number[];
}

export interface TopologyPart {
  name: string;
  start: number;
  stop: number;
  closed: boolean;
}

export interface Topology {
  n_points: number;
  parts: TopologyPart[];
}

/** Point data: xy in [-1, 1] interleaved, and one colour value per point (or none). */
export interface PointsData {
  n: number;
  xy: Float32Array;
  /** Category codes (uint16) or values in 0..1 (float32); empty without colour. */
  values: Float32Array | Uint16Array;
}

/** Decoded faces from the kernel. */
export interface FacesAnswer {
  requestId: number;
  purpose: "panel" | "hover";
  count: number;
  indices: Int32Array;
  labels: string[];
  /** n * nLandmarks * 2 coordinates, face after face. */
  landmarks: Float32Array;
  /** nLandmarks * 2 coordinates, or empty. */
  mean: Float32Array;
  error?: string;
  /** An answer to a preview request (a brush in progress). */
  preview: boolean;
}

export interface Handlers {
  points(data: PointsData): void;
  selection(indices: Int32Array): void;
  faces(answer: FacesAnswer): void;
  /** Called for every faces answer after it is handled, stale ones included. */
  settled(requestId: number): void;
}

interface Incoming extends ChunkHeader {
  type?: string;
  view?: string | null;
  origin?: string | null;
  request_id?: number | null;
  buffers?: unknown;
  [key: string]: unknown;
}

/** Talks to the kernel for one view: requests with ids, answers routed to handlers. */
export class Channel {
  readonly viewId = Math.random().toString(36).slice(2);
  private nextRequest = 1;
  private latest = { panel: 0, hover: 0 };
  /** Older panel requests whose answers still count (see adopt). */
  private adopted = new Set<number>();
  private chunks = new ChunkAssembler();
  private readonly listener: (msg: unknown, buffers: DataView[]) => void;

  constructor(
    private readonly model: AnyModel<WidgetModel>,
    private readonly handlers: Handlers,
    private readonly onError: (error: unknown) => void,
  ) {
    this.listener = (msg, buffers) => {
      try {
        this.receive(msg as Incoming, buffers ?? []);
      } catch (error) {
        this.onError(error);
      }
    };
    model.on("msg:custom", this.listener);
  }

  /** Ask for the points and the current selection. */
  ready(): void {
    performance.mark("v2f:ready-sent");
    this.model.send({ type: "ready", view: this.viewId });
  }

  /** Tell the kernel the user's selection; its faces come back as a panel answer. */
  select(indices: ArrayLike<number>): number {
    const id = this.newRequest("panel");
    const data = encodeIndices(indices);
    performance.mark("v2f:select-sent");
    for (const [header, buffer] of splitOutgoing(data)) {
      this.model.send({ type: "select", view: this.viewId, request_id: id, ...header }, undefined, [buffer]);
    }
    return id;
  }

  /** Ask for the faces of a brush in progress; the kernel's selection stays as it is. */
  preview(indices: ArrayLike<number>): number {
    const id = this.newRequest("panel");
    const data = encodeIndices(indices);
    for (const [header, buffer] of splitOutgoing(data)) {
      this.model.send({ type: "preview", view: this.viewId, request_id: id, ...header }, undefined, [buffer]);
    }
    return id;
  }

  /** Keep the answer to the older panel request `requestId` although newer ones exist. */
  adopt(requestId: number): void {
    this.adopted.add(requestId);
  }

  /** Ask for the faces of the kernel's current selection. */
  panel(): number {
    const id = this.newRequest("panel");
    this.model.send({ type: "panel", view: this.viewId, request_id: id });
    return id;
  }

  /** Ask for the face of one point. */
  hover(index: number): number {
    const id = this.newRequest("hover");
    this.model.send({ type: "hover", view: this.viewId, request_id: id, index });
    return id;
  }

  /** Forget pending hover answers (the pointer left the point). */
  cancelHover(): void {
    this.latest.hover = this.nextRequest++;
  }

  dispose(): void {
    this.model.off("msg:custom", this.listener);
  }

  private newRequest(purpose: "panel" | "hover"): number {
    const id = this.nextRequest++;
    this.latest[purpose] = id;
    return id;
  }

  private receive(msg: Incoming, buffers: DataView[]): void {
    if (!msg || typeof msg !== "object") return;
    // Answers to another view of the same widget are not ours.
    if (msg.view != null && msg.view !== this.viewId) return;
    // A selection this view brushed, echoed to the other views: already shown here.
    if (msg.origin != null && msg.origin === this.viewId) return;
    const whole = this.chunks.feed(msg, buffers);
    if (!whole) return;
    const [content, parts] = whole;
    const named = namedBuffers(content.buffers, parts);
    switch (content.type) {
      case "points": {
        performance.mark("v2f:points-received");
        const xy = named.get("xy");
        const values = named.get("values");
        if (!xy || !values) throw new Error("points message without buffers");
        const decoded = content.values_dtype === "uint16" ? toUint16(values) : toFloat32(values);
        this.handlers.points({ n: Number(content.n), xy: toFloat32(xy), values: decoded });
        break;
      }
      case "selection": {
        const indices = named.get("indices");
        this.handlers.selection(indices ? toInt32(indices) : new Int32Array(0));
        break;
      }
      case "faces":
        this.receiveFaces(content, named);
        break;
      default:
        break;
    }
  }

  private receiveFaces(content: Incoming, named: Map<string, DataView>): void {
    performance.mark("v2f:faces-received");
    const requestId = Number(content.request_id ?? 0);
    const purpose = content.purpose === "hover" ? "hover" : "panel";
    // Drop stale answers: only the latest request of each kind counts (or an adopted one).
    const fresh = requestId >= this.latest[purpose] || this.adopted.delete(requestId);
    if (fresh) this.deliverFaces(requestId, purpose, content, named);
    this.handlers.settled(requestId);
  }

  private deliverFaces(
    requestId: number,
    purpose: "panel" | "hover",
    content: Incoming,
    named: Map<string, DataView>,
  ): void {
    const empty = new DataView(new ArrayBuffer(0));
    this.handlers.faces({
      requestId,
      purpose,
      count: Number(content.count ?? 0),
      indices: toInt32(named.get("indices") ?? empty),
      labels: Array.isArray(content.labels) ? content.labels.map(String) : [],
      landmarks: toFloat32(named.get("landmarks") ?? empty),
      mean: toFloat32(named.get("mean") ?? empty),
      error: typeof content.error === "string" ? content.error : undefined,
      preview: content.preview === true,
    });
  }
}
