// CSS of the side tabs (face panel | face legend), the legend rows and the export menu;
// a second <style> element next to styles.ts's, so each concern keeps its own rules.

const CSS = `
.v2f-side { flex: 0 1 38%; min-width: 180px; max-width: 520px; display: flex; flex-direction: column;
  min-height: 0; border-left: 1px solid var(--v2f-border); }
.v2f-side > .v2f-panel { flex: 1 1 auto; min-height: 0; max-width: none; min-width: 0; border-left: none; }
.v2f-side > [hidden] { display: none; }
.v2f-tabs { flex: none; display: flex; gap: 2px; padding: 4px 6px 0; border-bottom: 1px solid var(--v2f-border); }
.v2f-tab { font: inherit; color: var(--v2f-muted); background: none; cursor: pointer; padding: 3px 10px;
  border: 1px solid transparent; border-bottom: none; border-radius: 3px 3px 0 0; }
.v2f-tab.v2f-active { color: var(--v2f-fg); border-color: var(--v2f-border); background: var(--v2f-bg);
  margin-bottom: -1px; font-weight: 600; }
.v2f-legend-panel { flex: 1 1 auto; min-height: 0; overflow-y: auto; padding: 6px; transition: opacity 80ms; }
.v2f-legend-panel.v2f-pending { opacity: 0.6; }
.v2f-legend-status { color: var(--v2f-muted); margin-bottom: 4px; }
.v2f-axis-row { display: grid; grid-template-columns: auto 52px 1fr; grid-template-areas:
  "faces morph info" "faces morph slider"; column-gap: 6px; align-items: center;
  padding: 4px 0; border-bottom: 1px solid var(--v2f-border); }
.v2f-axis-faces { grid-area: faces; display: flex; gap: 2px; }
.v2f-axis-face { width: 44px; text-align: center; }
.v2f-axis-face svg, .v2f-axis-morph svg { width: 100%; height: auto; aspect-ratio: 1 / 1; display: block; }
.v2f-axis-step { color: var(--v2f-muted); font-size: 10px; }
.v2f-axis-morph { grid-area: morph; width: 52px; border-left: 1px dashed var(--v2f-border); padding-left: 2px; }
.v2f-axis-morph path { stroke-width: 1.5; }
.v2f-axis-info { grid-area: info; min-width: 0; }
.v2f-axis-title { font-weight: 600; }
.v2f-axis-share, .v2f-axis-ends { color: var(--v2f-muted); font-size: 11px; overflow: hidden;
  text-overflow: ellipsis; white-space: nowrap; }
.v2f-axis-slider { grid-area: slider; width: 100%; min-width: 60px; accent-color: var(--v2f-accent); }
.v2f-legend-more { font: inherit; margin-top: 6px; color: var(--v2f-accent); background: none; cursor: pointer;
  border: 1px solid var(--v2f-border); border-radius: 3px; padding: 2px 8px; }
.v2f-export { position: relative; }
.v2f-export-menu { position: absolute; top: 100%; left: 0; margin-top: 2px; z-index: 7; display: flex;
  flex-direction: column; min-width: 150px; background: var(--v2f-bg); border: 1px solid var(--v2f-border);
  border-radius: 3px; box-shadow: 0 2px 8px rgba(0, 0, 0, 0.2); }
.v2f-export-menu[hidden] { display: none; }
.v2f-toolbar .v2f-export-item { border: none; border-radius: 0; text-align: left; padding: 4px 10px; }
.v2f-toolbar .v2f-export-item:hover { background: color-mix(in srgb, var(--v2f-accent) 15%, transparent); }
.v2f-static-note { position: absolute; right: 6px; bottom: 6px; z-index: 3; max-width: 70%; padding: 2px 8px;
  color: var(--v2f-muted); background: var(--v2f-bg); border: 1px solid var(--v2f-border); border-radius: 3px; }
.v2f-root.v2f-narrow .v2f-side { flex: none; max-width: none; max-height: var(--v2f-height);
  border-left: none; border-top: 1px solid var(--v2f-border); }
`;

/** A <style> element with the side's CSS (one per view, like styles.ts's). */
export function sideStyleElement(): HTMLStyleElement {
  const style = document.createElement("style");
  style.textContent = CSS;
  return style;
}
