// The note over a scatter whose WebGL context the browser took away (too many WebGL
// views on the page, a GPU reset): the last picture stays under it, frozen, and a click
// rebuilds the scatter on a fresh context.

import { h } from "./dom";

export class LostNote {
  readonly el: HTMLElement;

  constructor(container: HTMLElement, redraw: () => void) {
    this.el = h("div", "v2f-lost");
    this.el.hidden = true;
    this.el.setAttribute("role", "alert");
    const text = h(
      "div",
      "v2f-lost-text",
      "The browser took away this scatter's graphics (WebGL) context; the picture is frozen.",
    );
    const button = h("button", "v2f-lost-redraw", "Click to redraw");
    button.type = "button";
    this.el.append(text, button);
    this.el.addEventListener("click", (event) => {
      event.stopPropagation();
      redraw();
    });
    // Keep brushing and panning from starting under the note.
    this.el.addEventListener("mousedown", (event) => event.stopPropagation());
    container.appendChild(this.el);
  }

  show(): void {
    this.el.hidden = false;
  }

  hide(): void {
    this.el.hidden = true;
  }

  remove(): void {
    this.el.remove();
  }
}
