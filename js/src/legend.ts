// Legend of categories (click an entry to select its points) and colour bar of values.

import { categoryColor, colormapGradient } from "./colors";
import { formatValue, h } from "./dom";

/** A legend with one `.v2f-legend-item` per category; clicked entries show as active. */
export class CategoryLegend {
  readonly el: HTMLElement;
  private readonly items: HTMLButtonElement[] = [];

  constructor(categories: string[], onPick: (category: number, add: boolean) => void) {
    this.el = h("div", "v2f-legend");
    this.el.setAttribute("role", "list");
    categories.forEach((name, i) => {
      const item = h("button", "v2f-legend-item");
      item.type = "button";
      item.setAttribute("role", "listitem");
      item.setAttribute("aria-pressed", "false");
      item.title = `Select every point of “${name}” (shift adds)`;
      item.dataset.v2fCategory = String(i);
      const swatch = h("span", "v2f-swatch");
      swatch.style.background = categoryColor(i);
      item.append(swatch, h("span", "v2f-legend-label", name));
      item.addEventListener("click", (event) => onPick(i, event.shiftKey));
      this.items.push(item);
      this.el.appendChild(item);
    });
  }

  /** Show `active` categories as pressed (`v2f-active`, `aria-pressed`), the others not. */
  setActive(active: ReadonlySet<number>): void {
    this.items.forEach((item, i) => {
      item.classList.toggle("v2f-active", active.has(i));
      item.setAttribute("aria-pressed", String(active.has(i)));
    });
  }
}

/** A horizontal colour bar from `min` to `max`. */
export function createColorbar(min: number, max: number): HTMLElement {
  const bar = h("div", "v2f-colorbar");
  const ramp = h("div", "v2f-colorbar-ramp");
  ramp.style.background = colormapGradient();
  const ticks = h("div", "v2f-colorbar-ticks");
  ticks.append(h("span", "v2f-colorbar-min", formatValue(min)), h("span", "v2f-colorbar-max", formatValue(max)));
  bar.append(ramp, ticks);
  return bar;
}
