// A small note in the corner of a scatter with many points: what the widget is doing
// with them (indexing for brushing) and, above PERFORMANCE_MODE_POINTS, that it draws
// in performance mode and a brush may take a moment to settle.

import { formatCount, h } from "./dom";

export class SizeNote {
  readonly el: HTMLElement;

  constructor(
    container: HTMLElement,
    /** From this many points on, the note stays after indexing. */
    private readonly bigFrom: number,
  ) {
    this.el = h("div", "v2f-size-note");
    this.el.hidden = true;
    this.el.setAttribute("aria-live", "polite");
    container.appendChild(this.el);
  }

  /** The brush's index over `n` points is being built. */
  indexing(n: number): void {
    if (n < this.bigFrom) return;
    this.el.textContent = `Indexing ${formatCount(n)} points for brushing…`;
    this.el.hidden = false;
  }

  /** The index over `n` points is built. */
  indexed(n: number): void {
    if (n < this.bigFrom) {
      this.el.hidden = true;
      return;
    }
    this.el.textContent = `${formatCount(n)} points: fast drawing mode; a brush may take a moment to settle.`;
    this.el.title = "Many points: squares without blending, and selections of many points take longer to show.";
    this.el.hidden = false;
  }

  remove(): void {
    this.el.remove();
  }
}
