// The snapshot a saved notebook keeps (vec2face_widget/widget/snapshot.py): the points and
// the faces that were on screen, in two synced traits. With no kernel to answer (an HTML
// export, a notebook opened without running it), the view draws these instead, says it is
// a static snapshot, and leaves brushing to a live kernel.

import type { AnyModel } from "@anywidget/types";
import type { BufferLike } from "./codec";
import { toFloat32, toInt32, toUint16 } from "./codec";
import { h } from "./dom";
import type { FacesAnswer, PointsData, WidgetModel } from "./protocol";

/** How long a view waits for the kernel's points before it draws the snapshot: briefly
 * where no kernel is connected (an HTML export), longer where one is but may be busy or
 * may not know the widget (a notebook reopened with its saved state). */
export const STATIC_AFTER_MS = { noKernel: 1500, kernel: 8000 };

export const STATIC_NOTE = "Static snapshot: the points and faces as saved. Run the notebook to brush.";
export const OFFLINE_NOTE = "Static snapshot: brushing decodes faces in this page; run the notebook for more.";

export interface Snapshot {
  points: PointsData;
  /** Positions of the selected points among the snapshot's points. */
  selected: Int32Array;
  faces: FacesAnswer | null;
}

function isBuffer(value: unknown): value is BufferLike {
  return value instanceof DataView || value instanceof ArrayBuffer || ArrayBuffer.isView(value);
}

function buffer(record: Record<string, unknown>, key: string): BufferLike {
  const value = record[key];
  return isBuffer(value) ? value : new ArrayBuffer(0);
}

/** The snapshot in the model's traits, or null when there is none (an older kernel). */
export function readSnapshot(model: AnyModel<WidgetModel>): Snapshot | null {
  const points = model.get("_snapshot_points") ?? {};
  const n = Number(points.n ?? 0);
  if (!(n > 0) || !isBuffer(points.xy)) return null;
  const values = buffer(points, "values");
  const data: PointsData = {
    n,
    xy: toFloat32(points.xy),
    values: points.values_dtype === "uint16" ? toUint16(values) : toFloat32(values),
  };
  const faces = model.get("_snapshot_faces") ?? {};
  const indices = toInt32(buffer(faces, "indices"));
  const answer: FacesAnswer | null =
    indices.length > 0
      ? {
          requestId: 0,
          purpose: "panel",
          count: Number(faces.count ?? indices.length),
          indices,
          labels: Array.isArray(faces.labels) ? faces.labels.map(String) : [],
          landmarks: toFloat32(buffer(faces, "landmarks")),
          mean: toFloat32(buffer(faces, "mean")),
          preview: false,
        }
      : null;
  return { points: data, selected: toInt32(buffer(faces, "selected")), faces: answer };
}

/** The note a static view shows over its map. */
export function staticNote(): HTMLElement {
  const note = h("div", "v2f-static-note", STATIC_NOTE);
  note.setAttribute("role", "status");
  return note;
}

/** Whether the widget manager behind `model` talks to a kernel (HTML exports have none). */
export function hasKernel(model: AnyModel<WidgetModel>): boolean {
  const manager = (model as unknown as { widget_manager?: unknown }).widget_manager;
  if (typeof manager !== "object" || manager === null || !("kernel" in manager)) return false;
  return Boolean((manager as { kernel?: unknown }).kernel);
}
