// The hover tooltip: the hovered point's face and label, next to the point.

import { h } from "./dom";
import { boundsOf, faceSvg } from "./faces";
import type { Topology } from "./protocol";

export class Tooltip {
  readonly el: HTMLElement;
  private readonly face: HTMLElement;
  private readonly label: HTMLElement;
  private index = -1;

  constructor() {
    this.el = h("div", "v2f-tooltip");
    this.el.hidden = true;
    this.el.setAttribute("role", "tooltip");
    this.face = h("div", "v2f-tooltip-face");
    this.label = h("div", "v2f-tooltip-label");
    this.el.append(this.face, this.label);
  }

  /** Show point `index` at (x, y) in the root's coordinates; face comes later or now. */
  show(index: number, x: number, y: number, rootWidth: number): void {
    if (index !== this.index) {
      this.face.replaceChildren();
      this.label.textContent = `#${index}`;
    }
    this.index = index;
    this.el.hidden = false;
    const width = this.el.offsetWidth || 140;
    const left = x + 14 + width > rootWidth ? x - 14 - width : x + 14;
    this.el.style.left = `${Math.max(0, left)}px`;
    this.el.style.top = `${Math.max(0, y - 20)}px`;
  }

  /** Fill in the face and label of the shown point. */
  fill(index: number, label: string, landmarks: Float32Array, topology: Topology): void {
    if (index !== this.index) return;
    this.label.textContent = label;
    this.face.replaceChildren(faceSvg(landmarks, 0, topology, boundsOf(landmarks, 1, topology)));
  }

  hide(): void {
    this.index = -1;
    this.el.hidden = true;
  }
}
