// Export: the toolbar's download menu (face panel, legend, map; SVG or PNG; the kernel
// draws the file, see vec2face_widget/widget/export.py) and the map's view, reported to the
// kernel as `_view_range` so that an exported map shows what is on screen.

import type { AnyModel } from "@anywidget/types";
import { h } from "./dom";
import type { ExportFile, ExportFormat, ExportPart, WidgetModel } from "./protocol";
import type { Scatter } from "./scatter";

const ITEMS: { part: ExportPart; format: ExportFormat; label: string }[] = [
  { part: "panel", format: "svg", label: "Faces (SVG)" },
  { part: "panel", format: "png", label: "Faces (PNG)" },
  { part: "legend", format: "svg", label: "Legend (SVG)" },
  { part: "legend", format: "png", label: "Legend (PNG)" },
  { part: "map", format: "svg", label: "Map as shown (SVG)" },
  { part: "map", format: "png", label: "Map as shown (PNG)" },
];

/** A `button[data-v2f-export]` opening a menu of `button[data-v2f-export-item="part.format"]`. */
export function createExportMenu(ask: (part: ExportPart, format: ExportFormat) => void): HTMLElement {
  const wrap = h("div", "v2f-export");
  const button = h("button", "v2f-export-button", "Export");
  button.type = "button";
  button.title = "Download the faces, the legend or the map";
  button.dataset.v2fExport = "";
  button.setAttribute("aria-haspopup", "menu");
  const menu = h("div", "v2f-export-menu");
  menu.setAttribute("role", "menu");
  menu.hidden = true;
  for (const { part, format, label } of ITEMS) {
    const item = h("button", "v2f-export-item", label);
    item.type = "button";
    item.setAttribute("role", "menuitem");
    item.dataset.v2fExportItem = `${part}.${format}`;
    item.addEventListener("click", () => {
      menu.hidden = true;
      ask(part, format);
    });
    menu.appendChild(item);
  }
  button.addEventListener("click", () => {
    menu.hidden = !menu.hidden;
  });
  wrap.append(button, menu);
  return wrap;
}

/** Offer `file` as a download; returns false (and does nothing) for an error answer. */
export function download(file: ExportFile): boolean {
  if (file.error) return false;
  const bytes = new Uint8Array(file.data.buffer, file.data.byteOffset, file.data.byteLength);
  const url = URL.createObjectURL(new Blob([bytes.slice()], { type: file.mime }));
  const link = document.createElement("a");
  link.href = url;
  link.download = file.filename;
  link.style.display = "none";
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return true;
}

/** The data range [x0, x1, y0, y1] the scatter shows, or null before it is drawn. */
export function visibleRange(scatter: Scatter): number[] | null {
  const t = scatter.transform();
  const rect = scatter.canvas.getBoundingClientRect();
  if (!t || !(rect.width > 0 && rect.height > 0) || t.ax === 0 || t.ay === 0) return null;
  const xs = [(0 - t.bx) / t.ax, (rect.width - t.bx) / t.ax];
  const ys = [(0 - t.by) / t.ay, (rect.height - t.by) / t.ay];
  return [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
}

/** Report the scatter's view to the kernel as `_view_range`, at most every `ms`. */
export function reportView(model: AnyModel<WidgetModel>, scatter: Scatter, ms = 250): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  return () => {
    if (timer !== null) return;
    timer = setTimeout(() => {
      timer = null;
      const range = visibleRange(scatter);
      if (!range?.every(Number.isFinite)) return;
      model.set("_view_range", range);
      model.save_changes();
    }, ms);
  };
}
