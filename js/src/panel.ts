// The face panel: the mean face of the selection, the count, and a grid of the faces
// of the selected points (a representative sample when there are many).

import { formatCount, h } from "./dom";
import type { Box } from "./faces";
import { boundsOf, faceSvg } from "./faces";
import type { FacesAnswer, FacesStatus, Topology } from "./protocol";

export interface PanelEvents {
  /** The pointer is over the face of point `index` (-1: left it). */
  hoverFace(index: number): void;
  /** The face of point `index` was clicked. */
  pickFace(index: number): void;
}

export class Panel {
  readonly el: HTMLElement;
  private readonly count: HTMLElement;
  private readonly mean: HTMLElement;
  private readonly grid: HTMLElement;
  private readonly status: HTMLElement;

  constructor(private readonly events: PanelEvents) {
    this.el = h("div", "v2f-panel");
    const header = h("div", "v2f-panel-header");
    this.count = h("div", "v2f-count");
    this.mean = h("div", "v2f-mean-face");
    header.append(this.mean, this.count);
    this.status = h("div", "v2f-faces-status", "preparing faces…");
    this.grid = h("div", "v2f-grid");
    this.el.append(header, this.status, this.grid);
    this.showEmpty();
  }

  /** The kernel's face side: "preparing faces…" shows until it is ready (or failed). */
  setStatus(status: FacesStatus): void {
    this.status.hidden = status === "ready" || status === "error";
  }

  showEmpty(): void {
    this.count.textContent = "Brush points on the map to see their faces.";
    this.mean.replaceChildren();
    this.mean.hidden = true;
    this.grid.replaceChildren();
  }

  showPending(count: number): void {
    this.el.classList.add("v2f-pending");
    if (count > 0) this.count.textContent = `${formatCount(count)} selected…`;
  }

  /** The kernel is gone: the faces shown stay, the count says they are no longer live. */
  showDisconnected(): void {
    this.el.classList.remove("v2f-pending");
    this.count.textContent = "Not connected to a kernel.";
  }

  showError(message: string): void {
    this.el.classList.remove("v2f-pending");
    this.count.textContent = message;
  }

  /** Draw the kernel's answer; returns after the SVGs are in the DOM. */
  show(answer: FacesAnswer, topology: Topology): void {
    this.el.classList.remove("v2f-pending");
    const n = answer.indices.length;
    if (answer.count === 0 || n === 0) {
      this.showEmpty();
      return;
    }
    const perFace = topology.n_points * 2;
    const hasMean = answer.mean.length === perFace;
    // One box for every face (and the mean) so their sizes compare.
    const all = new Float32Array(answer.landmarks.length + (hasMean ? perFace : 0));
    all.set(answer.landmarks);
    if (hasMean) all.set(answer.mean, answer.landmarks.length);
    const box: Box = boundsOf(all, n + (hasMean ? 1 : 0), topology);

    this.count.textContent =
      answer.count > n
        ? `showing ${formatCount(n)} of ${formatCount(answer.count)}`
        : `${formatCount(answer.count)} selected`;

    if (hasMean) {
      const svg = faceSvg(answer.mean, 0, topology, box);
      this.mean.replaceChildren(svg, h("div", "v2f-mean-label", answer.count > 1 ? "mean face" : "face"));
      this.mean.hidden = false;
    } else {
      this.mean.replaceChildren();
      this.mean.hidden = true;
    }

    const cells: HTMLElement[] = [];
    for (let k = 0; k < n; k++) {
      const index = answer.indices[k];
      const cell = h("div", "v2f-face");
      cell.dataset.v2fIndex = String(index);
      cell.tabIndex = 0;
      const label = answer.labels[k] ?? String(index);
      cell.title = label;
      cell.append(faceSvg(answer.landmarks, k, topology, box), h("div", "v2f-face-label", label));
      cell.addEventListener("mouseenter", () => this.events.hoverFace(index));
      cell.addEventListener("mouseleave", () => this.events.hoverFace(-1));
      cell.addEventListener("click", () => this.events.pickFace(index));
      cell.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") this.events.pickFace(index);
      });
      cells.push(cell);
    }
    this.grid.replaceChildren(...cells);
  }
}
