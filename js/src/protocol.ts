// The message vocabulary between this front end and the kernel, as types: what each
// message carries. js/CONTRACT.md describes it in prose; the kernel's side is
// vec2face_widget/widget/protocol.py, and tests/test_protocol.py checks that the two agree
// on the message names and the chunk size limit written here.

/** Message types the front end sends to the kernel. */
export const TO_KERNEL = [
  "ready",
  "drawn",
  "select",
  "preview",
  "panel",
  "hover",
  "facemap",
  "legend",
  "export",
] as const;

/** Message types the kernel sends to the front end. */
export const TO_FRONT_END = ["points", "selection", "faces", "legend", "export"] as const;

/** Largest buffer sent in one message, either way (the Jupyter server refuses messages
 * over 10 MiB); larger ones are split into chunks (see codec.ts). */
export const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

/** Most indices a `preview` carries: a bigger selection goes as this many of its sorted
 * indices, evenly spread (`sorted[Math.floor((i * n) / PREVIEW_SAMPLE)]`), and its `count`. */
export const PREVIEW_SAMPLE = 4096;

/** `_faces_status`: the face side is not started, being prepared, ready, or failed. */
export type FacesStatus = "waiting" | "preparing" | "ready" | "error";

/** The synced traits this front end reads. */
export interface WidgetModel {
  max_faces: number;
  height: number;
  error: string;
  _faces_status: FacesStatus;
  _n_points: number;
  _topology: Topology;
  _color_kind: "none" | "category" | "value";
  _categories: string[];
  _value_range: number[];
  /** What a saved notebook shows without a kernel (see snapshot.ts). */
  _snapshot_points: Record<string, unknown>;
  _snapshot_faces: Record<string, unknown>;
  _snapshot_decoder: Record<string, unknown>;
  /** "points" (dots) or "faces" (the face map). */
  mode: "points" | "faces";
  /** [x0, y0, x1, y1, width, height]: the view when its camera last settled. */
  _view: number[];
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

/** Header fields of every message that carries buffers, and of the pieces of a split one. */
export interface ChunkHeader {
  n_chunks?: number;
  chunk?: number;
  chunk_id?: string;
  /** Byte lengths of the original buffers (split messages only). */
  sizes?: number[];
}

// ---------------------------------------------------------------- front end -> kernel

interface ToKernelBase {
  /** The view that sends it (answers go to that view only). */
  view: string;
}

/** A view was rendered: send it the points and the current selection. */
export interface ReadyMessage extends ToKernelBase {
  type: "ready";
}

/** The first frame of this view is drawn: the kernel may now prepare the faces. */
export interface DrawnMessage extends ToKernelBase {
  type: "drawn";
}

/** The user's selection (buffer: int32 indices, or with `bits` one bit a point, see
 * codec.ts `encodeSelection`): set `selection`, answer its faces. */
export interface SelectMessage extends ToKernelBase, ChunkHeader {
  type: "select";
  request_id: number;
  bits?: true;
}

/** A brush in progress (buffer: int32 indices, at most PREVIEW_SAMPLE of them): answer
 * its faces, leave `selection`. `count`: the size of the whole selection. */
export interface PreviewMessage extends ToKernelBase, ChunkHeader {
  type: "preview";
  request_id: number;
  count: number;
}

/** Send the faces of the kernel's current selection. */
export interface PanelMessage extends ToKernelBase {
  type: "panel";
  request_id: number;
}

/** Send the face of point `index`. */
export interface HoverMessage extends ToKernelBase {
  type: "hover";
  request_id: number;
  index: number;
}

/** Send the face legend (every mapped axis, decoded at the slider steps). */
export interface LegendRequest extends ToKernelBase {
  type: "legend";
  request_id: number;
}

/** Send one part of the widget as a file to download. */
export interface ExportRequest extends ToKernelBase {
  type: "export";
  request_id: number;
  part: ExportPart;
  format: ExportFormat;
}

export type ExportPart = "panel" | "legend" | "map";
export type ExportFormat = "svg" | "png";

/** Decode the faces of the face map (buffer: int32 indices; empty: a ping). */
export interface FacemapMessage extends ToKernelBase, ChunkHeader {
  type: "facemap";
  request_id: number;
}

export type ToKernel =
  | ReadyMessage
  | DrawnMessage
  | SelectMessage
  | PreviewMessage
  | PanelMessage
  | HoverMessage
  | FacemapMessage
  | LegendRequest
  | ExportRequest;

/** What a `faces` answer is for. */
export type Purpose = "panel" | "hover" | "facemap";

// ---------------------------------------------------------------- kernel -> front end

interface ToFrontEndBase extends ChunkHeader {
  /** The view this answers, or null/absent: every view. */
  view?: string | null;
  request_id?: number | null;
  /** Names of the message's buffers, in order. */
  buffers?: string[];
}

/** Buffers `xy` (float32, interleaved, in [-1, 1]) and `values` (one colour value a point). */
export interface PointsMessage extends ToFrontEndBase {
  type: "points";
  n: number;
  values_dtype: "uint16" | "float32";
}

/** Buffer `indices` (int32): chosen in the kernel, or brushed in view `origin`. */
export interface SelectionMessage extends ToFrontEndBase {
  type: "selection";
  origin?: string | null;
}

/** The answer to a request: buffers `indices` int32, `landmarks` and `mean` float32. */
export interface FacesMessage extends ToFrontEndBase {
  type: "faces";
  purpose: Purpose;
  count?: number;
  n_faces?: number;
  labels?: string[];
  /** An answer to a `preview` request. */
  preview?: boolean;
  /** Decoding failed; no buffers. */
  error?: string;
}

/** One mapped axis of the face legend (its faces travel in the `faces` buffer). */
export interface LegendRow {
  axis: number;
  latent: number;
  variance_share: number;
  features: string[];
  low_labels: string[];
  high_labels: string[];
}

/** The face legend: buffer `faces` float32 (rows * steps * nLandmarks * 2), or `error`. */
export interface LegendMessage extends ToFrontEndBase {
  type: "legend";
  rows?: LegendRow[];
  /** Standard deviations of the faces of each row, ascending. */
  steps?: number[];
  error?: string;
}

/** A file to download: buffer `data`, or `error`. */
export interface ExportMessage extends ToFrontEndBase {
  type: "export";
  filename?: string;
  mime?: string;
  error?: string;
}

export type ToFrontEnd = PointsMessage | SelectionMessage | FacesMessage | LegendMessage | ExportMessage;

type WithoutView<T> = T extends unknown ? Omit<T, "view"> : never;
/** A message to the kernel as a view composes it (the channel adds `view` and chunking). */
export type Outgoing = WithoutView<ToKernel>;

// A compile-time check that the unions above and the name lists agree.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type NamesAgree = Assert<Same<ToKernel["type"], (typeof TO_KERNEL)[number]>> &
  Assert<Same<ToFrontEnd["type"], (typeof TO_FRONT_END)[number]>>;

// ---------------------------------------------------------------- decoded data

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
  purpose: Purpose;
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

/** The decoded face legend. */
export interface LegendData {
  rows: LegendRow[];
  steps: number[];
  /** rows * steps * nLandmarks * 2 coordinates, row after row, step after step. */
  faces: Float32Array;
  error?: string;
}

/** A file the kernel made for download. */
export interface ExportFile {
  filename: string;
  mime: string;
  data: DataView;
  error?: string;
}
