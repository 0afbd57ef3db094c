// The error box: a readable message in place of (or over) the widget.

import { h } from "./dom";

export function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

export class ErrorBox {
  readonly el: HTMLElement;

  constructor() {
    this.el = h("div", "v2f-error");
    this.el.setAttribute("role", "alert");
    this.el.hidden = true;
  }

  /** Show `message` (empty hides the box). */
  show(message: string): void {
    this.el.textContent = message;
    this.el.hidden = message.length === 0;
  }
}
