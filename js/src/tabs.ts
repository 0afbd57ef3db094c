// The side of the widget: tabs over the face panel and the face legend. Each tab is a
// <button data-v2f-tab="id">; the active one has class v2f-active and aria-selected.

import { h } from "./dom";

export interface Pane {
  id: string;
  label: string;
  el: HTMLElement;
}

/** A `.v2f-side` holding a tab bar and `panes` (the first shown); `shown` follows a switch. */
export function createTabs(panes: Pane[], shown: (id: string) => void): HTMLElement {
  const side = h("div", "v2f-side");
  const bar = h("div", "v2f-tabs");
  bar.setAttribute("role", "tablist");
  const buttons = panes.map(({ id, label }) => {
    const button = h("button", "v2f-tab", label);
    button.type = "button";
    button.dataset.v2fTab = id;
    button.setAttribute("role", "tab");
    button.addEventListener("click", () => show(id));
    return button;
  });
  const show = (id: string) => {
    for (const button of buttons) {
      const on = button.dataset.v2fTab === id;
      button.classList.toggle("v2f-active", on);
      button.setAttribute("aria-selected", String(on));
    }
    for (const pane of panes) pane.el.hidden = pane.id !== id;
    shown(id);
  };
  bar.append(...buttons);
  side.append(bar, ...panes.map((pane) => pane.el));
  if (panes.length > 0) show(panes[0].id);
  return side;
}
