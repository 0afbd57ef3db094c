// Theme: read JupyterLab's / VS Code's CSS variables so the widget follows light and
// dark themes, and tell the views when the theme changes.

export interface Theme {
  dark: boolean;
  background: string;
  foreground: string;
  muted: string;
  border: string;
  accent: string;
  /** Colour of points when there is no colour encoding. */
  point: string;
}

function cssVar(el: Element, names: string[]): string | null {
  const style = getComputedStyle(el);
  for (const name of names) {
    const value = style.getPropertyValue(name).trim();
    if (value) return value;
  }
  return null;
}

/** Parse a CSS colour to [r, g, b] (0..255) by letting the browser resolve it. */
function rgbOf(color: string): [number, number, number] | null {
  const probe = document.createElement("canvas").getContext("2d");
  if (!probe) return null;
  probe.fillStyle = "#010203";
  probe.fillStyle = color;
  const resolved = String(probe.fillStyle);
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(resolved);
  if (m) return [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)];
  const r = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(resolved);
  if (r) {
    if (r[4] !== undefined && Number(r[4]) === 0) return null; // transparent
    return [Number(r[1]), Number(r[2]), Number(r[3])];
  }
  return null;
}

function isDarkColor(color: string): boolean | null {
  const rgb = rgbOf(color);
  if (!rgb) return null;
  const [r, g, b] = rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128;
}

function bodyHintsDark(): boolean | null {
  const body = document.body;
  if (!body) return null;
  const lab = body.getAttribute("data-jp-theme-light");
  if (lab === "true") return false;
  if (lab === "false") return true;
  if (body.classList.contains("vscode-dark") || body.classList.contains("vscode-high-contrast")) {
    return true;
  }
  if (body.classList.contains("vscode-light")) return false;
  return null;
}

/** The theme as seen from element `el`. */
export function readTheme(el: Element): Theme {
  const bg = cssVar(el, ["--jp-layout-color0", "--vscode-editor-background", "--vscode-notebook-editorBackground"]);
  const fg = cssVar(el, ["--jp-ui-font-color0", "--jp-content-font-color0", "--vscode-editor-foreground"]);
  let dark = bodyHintsDark();
  if (dark === null && bg) dark = isDarkColor(bg);
  if (dark === null) dark = window.matchMedia?.("(prefers-color-scheme: dark)").matches ?? false;
  const background = bg && rgbOf(bg) ? bg : dark ? "#1e1e1e" : "#ffffff";
  return {
    dark,
    background,
    foreground: fg ?? (dark ? "#e6e6e6" : "#1a1a1a"),
    muted: cssVar(el, ["--jp-ui-font-color2", "--vscode-descriptionForeground"]) ?? (dark ? "#9a9a9a" : "#666666"),
    border: cssVar(el, ["--jp-border-color2", "--vscode-panel-border"]) ?? (dark ? "#444444" : "#dddddd"),
    accent: cssVar(el, ["--jp-brand-color1", "--vscode-focusBorder"]) ?? "#1976d2",
    point: dark ? "#8fb3e0" : "#3a6ea5",
  };
}

/** The background as an [r, g, b, a] array in 0..1 (for WebGL). */
export function rgba01(color: string): [number, number, number, number] {
  const rgb = rgbOf(color) ?? [255, 255, 255];
  return [rgb[0] / 255, rgb[1] / 255, rgb[2] / 255, 1];
}

/**
 * Call `onChange` whenever the theme seen from `el` may have changed (JupyterLab
 * swaps theme attributes on <body>, VS Code swaps body classes, the OS may switch).
 * Returns a function that stops watching.
 */
export function watchTheme(el: Element, onChange: (theme: Theme) => void): () => void {
  let last = JSON.stringify(readTheme(el));
  const check = () => {
    const theme = readTheme(el);
    const key = JSON.stringify(theme);
    if (key !== last) {
      last = key;
      onChange(theme);
    }
  };
  // Theme stylesheets may arrive after the attribute flips: look again a few times.
  const timers = new Set<number>();
  const soon = () => {
    window.requestAnimationFrame(check);
    for (const ms of [150, 600, 1500]) {
      const id = window.setTimeout(() => {
        timers.delete(id);
        check();
      }, ms);
      timers.add(id);
    }
  };
  const observer = new MutationObserver(soon);
  observer.observe(document.body, {
    attributes: true,
    attributeFilter: ["class", "data-jp-theme-light", "data-jp-theme-name", "style"],
  });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["class", "style"] });
  const media = window.matchMedia?.("(prefers-color-scheme: dark)");
  media?.addEventListener?.("change", check);
  return () => {
    observer.disconnect();
    for (const id of timers) window.clearTimeout(id);
    media?.removeEventListener?.("change", check);
  };
}
