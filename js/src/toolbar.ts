// Mode buttons: lasso, box, pan. Each is a <button data-v2f-mode="...">.

import { h } from "./dom";
import type { Mode } from "./scatter";

const MODES: { mode: Mode; label: string; title: string }[] = [
  { mode: "lasso", label: "Lasso", title: "Draw a lasso to select (shift adds, alt removes)" },
  { mode: "box", label: "Box", title: "Drag a box to select (shift adds, alt removes)" },
  { mode: "pan", label: "Pan", title: "Drag to pan; click a point to pick it" },
];

export function createToolbar(initial: Mode, onMode: (mode: Mode) => void): HTMLElement {
  const bar = h("div", "v2f-toolbar");
  bar.setAttribute("role", "toolbar");
  const buttons: HTMLButtonElement[] = [];
  const activate = (mode: Mode) => {
    for (const b of buttons) {
      const on = b.dataset.v2fMode === mode;
      b.classList.toggle("v2f-active", on);
      b.setAttribute("aria-pressed", String(on));
    }
  };
  for (const { mode, label, title } of MODES) {
    const button = h("button", "v2f-mode", label);
    button.type = "button";
    button.title = title;
    button.dataset.v2fMode = mode;
    button.addEventListener("click", () => {
      activate(mode);
      onMode(mode);
    });
    buttons.push(button);
    bar.appendChild(button);
  }
  activate(initial);
  return bar;
}

/** The points / faces toggle: `button[data-v2f-toggle="faces"]`, pressed in face mode. */
export function createFacesToggle(onToggle: (faces: boolean) => void): {
  el: HTMLButtonElement;
  set(faces: boolean): void;
} {
  const button = h("button", "v2f-mode v2f-faces-toggle", "Faces");
  button.type = "button";
  button.title = "Draw faces in place of dots (one per cell; zoom in for more)";
  button.dataset.v2fToggle = "faces";
  const set = (faces: boolean) => {
    button.classList.toggle("v2f-active", faces);
    button.setAttribute("aria-pressed", String(faces));
  };
  button.addEventListener("click", () => onToggle(button.getAttribute("aria-pressed") !== "true"));
  set(false);
  return { el: button, set };
}
