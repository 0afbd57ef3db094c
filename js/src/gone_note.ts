// The note over a view whose kernel is gone (restarted, shut down, disconnected): the
// widget can no longer reach Python, so it says so and how to get a live one, and
// keeps brushes and hovers from pretending to work.

import { h } from "./dom";

export class GoneNote {
  readonly el: HTMLElement;
  private readonly reason: HTMLElement;

  constructor() {
    this.el = h("div", "v2f-gone");
    this.el.hidden = true;
    this.el.setAttribute("role", "alert");
    const title = h("div", "v2f-gone-title", "This widget lost its kernel.");
    const hint = h("div", "v2f-gone-hint", "Re-run the cell that displays it to get a live one.");
    this.reason = h("div", "v2f-gone-reason");
    this.el.append(title, hint, this.reason);
    // Nothing under the note reacts: no brushing, panning, zooming or hovering.
    for (const type of ["mousedown", "click", "dblclick", "wheel", "mousemove"]) {
      this.el.addEventListener(type, (event) => event.stopPropagation());
    }
  }

  /** Show the note; `reason` says how the view found out. */
  show(reason: string): void {
    this.reason.textContent = `(${reason})`;
    this.el.hidden = false;
  }
}
