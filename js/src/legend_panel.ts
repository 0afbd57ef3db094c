// The face legend tab: what each mapped axis of the embedding does to the face. One row
// per axis, strongest first (the first MAX_ROWS, "more" on demand): the faces at -2, 0 and
// +2 sd, the parts of the face it moves, its share of the variance, the labels at each
// end, and a slider that morphs the mean face along the axis. The kernel decodes every
// axis at a few steps once; the slider interpolates landmarks between neighbouring steps
// (no round trip: about 4e-5 of a face's width from the decoded face at 0.5-sd steps).

import { h } from "./dom";
import type { Box } from "./faces";
import { boundsOf, faceSvg } from "./faces";
import { mark } from "./marks";
import type { LegendData, LegendRow, Topology } from "./protocol";

/** Rows shown before "more". */
export const MAX_ROWS = 8;
/** The steps a row shows as faces. */
const SHOWN_STEPS = [-2, 0, 2];

/** Landmarks of row `row` at `sd` standard deviations, interpolated between steps. */
export function morph(data: LegendData, row: number, sd: number, perFace: number): Float32Array {
  const steps = data.steps;
  const out = new Float32Array(perFace);
  if (steps.length === 0) return out;
  const base = row * steps.length * perFace;
  const clamped = Math.min(steps[steps.length - 1], Math.max(steps[0], sd));
  let i = 0;
  while (i < steps.length - 2 && clamped > steps[i + 1]) i++;
  const span = steps.length > 1 ? steps[i + 1] - steps[i] : 1;
  const f = steps.length > 1 && span > 0 ? (clamped - steps[i]) / span : 0;
  const a = base + i * perFace;
  const b = base + Math.min(i + 1, steps.length - 1) * perFace;
  for (let k = 0; k < perFace; k++) out[k] = data.faces[a + k] + f * (data.faces[b + k] - data.faces[a + k]);
  return out;
}

function nearestStep(steps: number[], sd: number): number {
  let best = 0;
  for (let i = 1; i < steps.length; i++) if (Math.abs(steps[i] - sd) < Math.abs(steps[best] - sd)) best = i;
  return best;
}

export class LegendPanel {
  readonly el: HTMLElement;
  private readonly status: HTMLElement;
  private readonly rowsEl: HTMLElement;
  private readonly more: HTMLButtonElement;
  private data: LegendData | null = null;
  private shown = MAX_ROWS;
  private asked = false;
  private offline: string | null = null;

  constructor(
    private readonly topology: Topology,
    private readonly request: () => void,
  ) {
    this.el = h("div", "v2f-legend-panel");
    this.status = h("div", "v2f-legend-status", "Open this tab to see what each axis does to the face.");
    this.rowsEl = h("div", "v2f-axis-rows");
    this.more = h("button", "v2f-legend-more");
    this.more.type = "button";
    this.more.hidden = true;
    this.more.addEventListener("click", () => {
      this.shown = this.data ? this.data.rows.length : this.shown;
      this.render();
    });
    this.el.append(this.status, this.rowsEl, this.more);
  }

  /** The tab became visible: ask the kernel for the legend once. */
  opened(): void {
    if (this.offline !== null) {
      this.status.textContent = this.offline;
      return;
    }
    if (this.asked) return;
    this.asked = true;
    this.el.classList.add("v2f-pending");
    this.status.textContent = "Decoding the legend…";
    this.request();
  }

  /** No kernel can answer (a static snapshot): say `message` instead of asking. */
  setOffline(message: string | null): void {
    this.offline = message;
    if (message !== null && !this.data) this.status.textContent = message;
  }

  show(data: LegendData): void {
    this.el.classList.remove("v2f-pending");
    if (data.error) {
      this.status.textContent = data.error;
      this.asked = false;
      return;
    }
    this.data = data;
    this.status.textContent = "Each row: one direction of the embedding, strongest first.";
    this.render();
  }

  private render(): void {
    const data = this.data;
    if (!data) return;
    const perFace = this.topology.n_points * 2;
    const box = boundsOf(data.faces, data.faces.length / perFace, this.topology);
    const n = Math.min(this.shown, data.rows.length);
    const rows: HTMLElement[] = [];
    for (let r = 0; r < n; r++) rows.push(this.row(data, r, box));
    this.rowsEl.replaceChildren(...rows);
    const rest = data.rows.length - n;
    this.more.hidden = rest <= 0;
    this.more.textContent = `show ${rest} more ${rest === 1 ? "axis" : "axes"}`;
  }

  private row(data: LegendData, r: number, box: Box): HTMLElement {
    const info: LegendRow = data.rows[r];
    const perFace = this.topology.n_points * 2;
    const row = h("div", "v2f-axis-row");
    row.dataset.v2fAxis = String(info.axis);
    const faces = h("div", "v2f-axis-faces");
    for (const sd of SHOWN_STEPS) {
      const cell = h("div", "v2f-axis-face");
      cell.dataset.v2fStep = String(sd);
      const k = r * data.steps.length + nearestStep(data.steps, sd);
      cell.append(
        faceSvg(data.faces, k, this.topology, box),
        h("div", "v2f-axis-step", `${sd > 0 ? "+" : ""}${sd} sd`),
      );
      faces.appendChild(cell);
    }
    const morphBox = h("div", "v2f-axis-morph");
    morphBox.appendChild(faceSvg(morph(data, r, 0, perFace), 0, this.topology, box));
    const slider = h("input", "v2f-axis-slider");
    slider.type = "range";
    slider.min = String(data.steps[0] ?? -2);
    slider.max = String(data.steps[data.steps.length - 1] ?? 2);
    slider.step = "0.05";
    slider.value = "0";
    slider.setAttribute("aria-label", `move the mean face along axis ${info.axis + 1}`);
    slider.addEventListener("input", () => {
      morphBox.replaceChildren(faceSvg(morph(data, r, Number(slider.value), perFace), 0, this.topology, box));
      morphBox.dataset.v2fSd = slider.value;
      mark("v2f:legend-morphed");
    });
    row.append(faces, morphBox, this.describe(info), slider);
    return row;
  }

  private describe(info: LegendRow): HTMLElement {
    const text = h("div", "v2f-axis-info");
    const features = info.features.length ? info.features.join(", ") : "little visible change";
    const share = `${(100 * info.variance_share).toFixed(info.variance_share < 0.1 ? 1 : 0)}% of variance`;
    text.append(h("div", "v2f-axis-title", `axis ${info.axis + 1}: ${features}`), h("div", "v2f-axis-share", share));
    if (info.low_labels.length || info.high_labels.length) {
      const ends = h("div", "v2f-axis-ends");
      ends.append(
        h("span", "v2f-axis-low", info.low_labels.join(", ") || "–"),
        h("span", "v2f-axis-dots", " … "),
        h("span", "v2f-axis-high", info.high_labels.join(", ") || "–"),
      );
      text.appendChild(ends);
    }
    return text;
  }
}
