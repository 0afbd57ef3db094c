// Export: the toolbar's download menu (face panel, legend, map; SVG or PNG; the kernel
// draws the file, see vec2face_widget/widget/export.py). The map is exported as the view
// last reported to the kernel (`_view`, synced when the camera settles: see facemap.ts).

import { h } from "./dom";
import type { ExportFile, ExportFormat, ExportPart } from "./protocol";

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
