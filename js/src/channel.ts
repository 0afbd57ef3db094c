// The wire for one view: sends messages to the kernel (a big buffer split into chunks)
// and turns the kernel's messages into decoded points, selections and faces.

import type { AnyModel } from "@anywidget/types";
import { ChunkAssembler, namedBuffers, splitOutgoing, toFloat32, toInt32, toUint16 } from "./codec";
import { describe } from "./errors";
import { mark } from "./marks";
import type {
  ExportFile,
  ExportMessage,
  FacesAnswer,
  FacesMessage,
  LegendData,
  LegendMessage,
  Outgoing,
  PointsData,
  PointsMessage,
  ToFrontEnd,
  ToKernel,
  WidgetModel,
} from "./protocol";
import { TO_FRONT_END } from "./protocol";

/**
 * Called once when the widget's kernel is gone (restarted, shut down, disconnected);
 * `reason` says how the view found out.
 */
export type KernelGone = (reason: string) => void;

export interface Handlers {
  points(data: PointsData): void;
  selection(indices: Int32Array): void;
  /** Every faces answer, stale ones too (see Requests.answer). */
  faces(answer: FacesAnswer): void;
  /** The face legend (answer to a `legend` request). */
  legend?(data: LegendData): void;
  /** A file to download (answer to an `export` request). */
  exported?(file: ExportFile): void;
}

/** Diagnostic marks set when a message goes out (see js/CONTRACT.md). */
const SENT_MARKS: Partial<Record<ToKernel["type"], string>> = {
  ready: "v2f:ready-sent",
  select: "v2f:select-sent",
};

const EMPTY = new DataView(new ArrayBuffer(0));

export class Channel {
  readonly viewId = Math.random().toString(36).slice(2);
  private readonly chunks = new ChunkAssembler();
  private readonly listener: (msg: unknown, buffers: DataView[]) => void;
  private readonly onLive: () => void;
  private readonly onClose: () => void;
  private lost = false;

  constructor(
    private readonly model: AnyModel<WidgetModel>,
    private readonly handlers: Handlers,
    onError: (error: unknown) => void,
    private readonly onGone: KernelGone | null = null,
  ) {
    this.listener = (msg, buffers) => {
      try {
        this.receive(msg, buffers ?? []);
      } catch (error) {
        onError(error);
      }
    };
    // ipywidgets sets a model's comm_live once, when it is made, and again (to false) only
    // when its widget manager disconnects: the kernel is restarting or gone.
    this.onLive = () => this.kernelGone("the kernel restarted or disconnected");
    this.onClose = () => this.kernelGone("the kernel closed this widget");
    model.on("msg:custom", this.listener);
    model.on("comm_live_update", this.onLive);
    model.on("comm:close", this.onClose);
  }

  /** False once the kernel is known to be gone: nothing is sent any more. */
  get connected(): boolean {
    return !this.lost;
  }

  /**
   * Send `message` from this view, with `data` as its one buffer (split when large).
   * A failed send (no kernel behind the comm) never throws: the view is told instead.
   */
  send(message: Outgoing, data?: ArrayBufferView): void {
    if (this.lost) return;
    const full = { ...message, view: this.viewId } as ToKernel;
    const sentMark = SENT_MARKS[full.type];
    if (sentMark) mark(sentMark);
    try {
      if (!data) {
        this.model.send(full);
        return;
      }
      for (const [header, buffer] of splitOutgoing(data)) {
        this.model.send({ ...full, ...header }, undefined, [buffer]);
      }
    } catch (error) {
      this.kernelGone(`a message could not be sent (${describe(error)})`);
    }
  }

  dispose(): void {
    this.model.off("msg:custom", this.listener);
    this.model.off("comm_live_update", this.onLive);
    this.model.off("comm:close", this.onClose);
  }

  private kernelGone(reason: string): void {
    if (this.lost) return;
    this.lost = true;
    this.onGone?.(reason);
  }

  private receive(msg: unknown, buffers: DataView[]): void {
    if (!isToFrontEnd(msg)) return;
    // Answers to another view of the same widget are not ours.
    if (msg.view != null && msg.view !== this.viewId) return;
    // A selection this view brushed, echoed to the other views: already shown here.
    if (msg.type === "selection" && msg.origin != null && msg.origin === this.viewId) return;
    const whole = this.chunks.feed(msg, buffers);
    if (!whole) return;
    const [content, parts] = whole;
    const named = namedBuffers(content.buffers, parts);
    switch (content.type) {
      case "points":
        mark("v2f:points-received");
        this.handlers.points(decodePoints(content, named));
        break;
      case "selection":
        this.handlers.selection(toInt32(named.get("indices") ?? EMPTY));
        break;
      case "faces":
        mark("v2f:faces-received");
        this.handlers.faces(decodeFaces(content, named));
        break;
      case "legend":
        this.handlers.legend?.(decodeLegend(content, named));
        break;
      case "export":
        this.handlers.exported?.(decodeExport(content, named));
        break;
    }
  }
}

/** True for an object whose `type` is one the kernel sends. */
export function isToFrontEnd(msg: unknown): msg is ToFrontEnd {
  if (typeof msg !== "object" || msg === null) return false;
  const type = (msg as { type?: unknown }).type;
  return (TO_FRONT_END as readonly unknown[]).includes(type);
}

/** The points of a `points` message. */
export function decodePoints(content: PointsMessage, named: Map<string, DataView>): PointsData {
  const xy = named.get("xy");
  const values = named.get("values");
  if (!xy || !values) throw new Error("points message without buffers");
  const decoded = content.values_dtype === "uint16" ? toUint16(values) : toFloat32(values);
  return { n: Number(content.n), xy: toFloat32(xy), values: decoded };
}

/** The faces of a `faces` message. */
export function decodeFaces(content: FacesMessage, named: Map<string, DataView>): FacesAnswer {
  return {
    requestId: Number(content.request_id ?? 0),
    purpose: content.purpose === "hover" || content.purpose === "facemap" ? content.purpose : "panel",
    count: Number(content.count ?? 0),
    indices: toInt32(named.get("indices") ?? EMPTY),
    labels: Array.isArray(content.labels) ? content.labels.map(String) : [],
    landmarks: toFloat32(named.get("landmarks") ?? EMPTY),
    mean: toFloat32(named.get("mean") ?? EMPTY),
    error: typeof content.error === "string" ? content.error : undefined,
    preview: content.preview === true,
  };
}

/** The face legend of a `legend` message. */
export function decodeLegend(content: LegendMessage, named: Map<string, DataView>): LegendData {
  return {
    rows: Array.isArray(content.rows) ? content.rows : [],
    steps: Array.isArray(content.steps) ? content.steps.map(Number) : [],
    faces: toFloat32(named.get("faces") ?? EMPTY),
    error: typeof content.error === "string" ? content.error : undefined,
  };
}

/** The file of an `export` message. */
export function decodeExport(content: ExportMessage, named: Map<string, DataView>): ExportFile {
  return {
    filename: String(content.filename ?? "vec2face-export"),
    mime: String(content.mime ?? "application/octet-stream"),
    data: named.get("data") ?? EMPTY,
    error: typeof content.error === "string" ? content.error : undefined,
  };
}
