// The widget's CSS, one <style> element per view (so it works in shadow roots too).
// Colours come from --v2f-* variables that theme.ts sets on the root from JupyterLab's /
// VS Code's theme.

const CSS = `
.v2f-root {
  --v2f-bg: #ffffff; --v2f-fg: #1a1a1a; --v2f-muted: #666666; --v2f-border: #dddddd;
  --v2f-accent: #1976d2; --v2f-height: 480px;
  position: relative; display: flex; flex-direction: row; width: 100%;
  height: var(--v2f-height); box-sizing: border-box; overflow: hidden;
  font-family: var(--jp-ui-font-family, var(--vscode-font-family, system-ui, sans-serif));
  font-size: 12px; color: var(--v2f-fg); background: var(--v2f-bg);
  border: 1px solid var(--v2f-border); border-radius: 4px; outline: none;
}
.v2f-root *, .v2f-root *::before, .v2f-root *::after { box-sizing: border-box; }
.v2f-main { position: relative; flex: 1 1 62%; min-width: 0; display: flex; flex-direction: column; }
.v2f-scatter { position: relative; flex: 1 1 auto; min-height: 0; overflow: hidden; }
.v2f-scatter canvas { position: absolute; left: 0; top: 0; width: 100%; height: 100%; display: block; }
.v2f-scatter canvas.v2f-facemap { pointer-events: none; z-index: 1; }
.v2f-scatter canvas.v2f-facemap[hidden] { display: none; }
.v2f-toolbar .v2f-faces-toggle { margin-left: 6px; }
.v2f-brush { position: absolute; left: 0; top: 0; width: 100%; height: 100%; pointer-events: none; z-index: 2; }
.v2f-brush polygon { fill: color-mix(in srgb, var(--v2f-accent) 12%, transparent); stroke: var(--v2f-accent);
  stroke-width: 1.5; stroke-dasharray: 4 3; vector-effect: non-scaling-stroke; }
.v2f-brush:not(.v2f-active) { display: none; }
.v2f-scatter.v2f-brushing-mode canvas { cursor: crosshair; }
.v2f-toolbar { position: absolute; top: 6px; left: 6px; right: 6px; z-index: 3; display: flex; flex-wrap: wrap;
  gap: 2px; pointer-events: none; }
.v2f-toolbar > * { pointer-events: auto; }
.v2f-toolbar button, .v2f-legend-item {
  font: inherit; color: var(--v2f-fg); background: var(--v2f-bg); cursor: pointer;
  border: 1px solid var(--v2f-border); border-radius: 3px; padding: 2px 8px;
}
.v2f-toolbar button.v2f-active { border-color: var(--v2f-accent); color: var(--v2f-accent); font-weight: 600; }
.v2f-footer { flex: 0 0 auto; max-height: 30%; overflow-y: auto; padding: 4px 6px; border-top: 1px solid var(--v2f-border); }
.v2f-footer:empty { display: none; }
.v2f-legend { display: flex; flex-wrap: wrap; gap: 4px; }
.v2f-legend-item { display: inline-flex; align-items: center; gap: 4px; padding: 1px 6px; max-width: 100%; }
.v2f-legend-item.v2f-active { border-color: var(--v2f-accent); color: var(--v2f-accent); font-weight: 600;
  background: color-mix(in srgb, var(--v2f-accent) 12%, var(--v2f-bg)); }
.v2f-legend-label { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.v2f-swatch { display: inline-block; width: 10px; height: 10px; border-radius: 50%; flex: none; }
.v2f-colorbar { display: flex; flex-direction: column; gap: 2px; max-width: 320px; }
.v2f-colorbar-ramp { height: 10px; border-radius: 2px; }
.v2f-colorbar-ticks { display: flex; justify-content: space-between; color: var(--v2f-muted); }
.v2f-panel { flex: 0 1 38%; min-width: 180px; max-width: 520px; overflow-x: hidden; overflow-y: auto; padding: 6px;
  border-left: 1px solid var(--v2f-border); transition: opacity 80ms; }
.v2f-panel.v2f-pending { opacity: 0.6; }
.v2f-faces-status { color: var(--v2f-muted); font-style: italic; margin-bottom: 6px; }
.v2f-faces-status[hidden] { display: none; }
.v2f-panel-header { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin-bottom: 6px; }
.v2f-mean-face { width: 84px; flex: none; text-align: center; }
.v2f-mean-face svg { width: 84px; height: 84px; }
.v2f-mean-face path { stroke-width: 1.6; }
.v2f-count { color: var(--v2f-muted); flex: 1 1 8em; min-width: 0; overflow-wrap: anywhere; }
.v2f-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(64px, 100%), 1fr)); gap: 4px; }
.v2f-face { min-width: 0; text-align: center; cursor: pointer; border-radius: 3px; padding: 2px; outline: none; }
.v2f-face:hover, .v2f-face:focus { background: color-mix(in srgb, var(--v2f-accent) 15%, transparent); }
.v2f-face svg { width: 100%; height: auto; aspect-ratio: 1 / 1; display: block; }
.v2f-root svg path { fill: none; stroke: var(--v2f-fg); stroke-width: 1.1; vector-effect: non-scaling-stroke;
  stroke-linejoin: round; stroke-linecap: round; }
.v2f-face-label, .v2f-tooltip-label { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.v2f-face-label, .v2f-mean-label { color: var(--v2f-muted); font-size: 11px; }
.v2f-tooltip { position: absolute; z-index: 5; pointer-events: none; width: 120px; padding: 4px;
  background: var(--v2f-bg); color: var(--v2f-fg); border: 1px solid var(--v2f-border);
  border-radius: 4px; box-shadow: 0 2px 8px rgba(0, 0, 0, 0.25); text-align: center; }
.v2f-tooltip-face svg { width: 100%; height: auto; aspect-ratio: 1 / 1; display: block; }
.v2f-tooltip-face:empty { height: 110px; }
.v2f-error { position: absolute; left: 8px; right: 8px; top: 36px; z-index: 6; padding: 8px 10px;
  border-radius: 4px; white-space: pre-wrap; overflow: auto; max-height: 60%;
  color: var(--jp-error-color0, #b00020); background: var(--v2f-bg);
  border: 1px solid var(--jp-error-color1, #d32f2f); }
.v2f-error[hidden] { display: none; }
.v2f-lost, .v2f-gone { position: absolute; inset: 0; z-index: 4; display: flex; flex-direction: column;
  align-items: center; justify-content: center; gap: 8px; padding: 16px; text-align: center;
  background: color-mix(in srgb, var(--v2f-bg) 70%, transparent); color: var(--v2f-fg); }
.v2f-lost { cursor: pointer; }
.v2f-size-note { position: absolute; right: 6px; bottom: 4px; z-index: 3; max-width: calc(100% - 12px);
  padding: 1px 6px; border-radius: 3px; font-size: 11px; color: var(--v2f-muted); pointer-events: none;
  background: color-mix(in srgb, var(--v2f-bg) 85%, transparent); }
.v2f-size-note[hidden] { display: none; }
.v2f-gone { z-index: 8; background: color-mix(in srgb, var(--v2f-bg) 80%, transparent); }
.v2f-gone-title { font-weight: 600; font-size: 13px; }
.v2f-gone-reason { color: var(--v2f-muted); }
.v2f-lost[hidden], .v2f-gone[hidden] { display: none; }
.v2f-lost button { font: inherit; color: var(--v2f-accent); background: var(--v2f-bg); cursor: pointer;
  border: 1px solid var(--v2f-accent); border-radius: 3px; padding: 4px 12px; }
.v2f-root.v2f-fatal .v2f-error { position: static; max-height: none; margin: 8px; flex: 1; }
.v2f-root.v2f-narrow { flex-direction: column; height: auto; }
.v2f-root.v2f-narrow .v2f-main { flex: none; height: var(--v2f-height); }
.v2f-root.v2f-narrow .v2f-panel { flex: none; min-width: 0; max-width: none; max-height: var(--v2f-height);
  border-left: none; border-top: 1px solid var(--v2f-border); }
`;

/** A <style> element with the widget's CSS (one per view: works in shadow roots too). */
export function styleElement(): HTMLStyleElement {
  const style = document.createElement("style");
  style.textContent = CSS;
  return style;
}
