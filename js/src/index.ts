// Model wiring: builds one view of a FaceScatter and connects the scatter, the face
// panel, the tooltip, the legend and the theme to the kernel.

import type { AnyModel, RenderProps } from "@anywidget/types";
import { Channel } from "./channel";
import { decodeFaces } from "./decoder";
import { h } from "./dom";
import { describe, ErrorBox } from "./errors";
import { createExportMenu, download } from "./export";
import type { FaceMapState } from "./facemap";
import { FaceMap, pointColor } from "./facemap";
import { GoneNote } from "./gone_note";
import { CategoryLegend, createColorbar } from "./legend";
import { LegendPanel } from "./legend_panel";
import { mark } from "./marks";
import type { OfflineFaces } from "./offline";
import { offlineAnswer, readOffline } from "./offline";
import { Panel } from "./panel";
import type { ExportFile, ExportFormat, ExportPart, FacesAnswer, PointsData, Topology, WidgetModel } from "./protocol";
import { Requests } from "./requests";
import type { Mode } from "./scatter";
import { Scatter } from "./scatter";
import { sideStyleElement } from "./side_styles";
import { hasKernel, OFFLINE_NOTE, readSnapshot, STATIC_AFTER_MS, staticNote } from "./snapshot";
import { styleElement } from "./styles";
import { createTabs } from "./tabs";
import type { Theme } from "./theme";
import { readTheme, watchTheme } from "./theme";
import { createFacesToggle, createToolbar } from "./toolbar";
import { Tooltip } from "./tooltip";

/** The test/debug hook on the root element (see js/CONTRACT.md). */
export interface DebugHook {
  pointToClient(i: number): [number, number];
  nPoints: number;
  selection(): number[];
  /** Diagnostics: the brush's grid index is built; brush through it (default) or not. */
  indexed(): boolean;
  useIndex(on: boolean): void;
  /** What the face map shows (see js/CONTRACT.md). */
  faceMap(): FaceMapState;
  /** Round trip of an empty face map request, in ms (benchmarks). */
  ping(): Promise<number>;
  /** When the camera last moved (performance.now()). */
  lastCameraAt(): number;
  /** Back to the initial view. */
  resetCamera(): void;
  /** Pan by (dx, dy) in normalised device units (benchmarks). */
  panBy(dx: number, dy: number): void;
  /** Decode latents (`k` a row) with the browser's decoder (static snapshots that ship it). */
  decode?(latents: number[], k: number): number[];
}

const NARROW_PX = 560;
const HOVER_CACHE = 512;
const DEFAULT_MODE: Mode = "lasso";

function applyTheme(root: HTMLElement, theme: Theme): void {
  root.style.setProperty("--v2f-bg", theme.background);
  root.style.setProperty("--v2f-fg", theme.foreground);
  root.style.setProperty("--v2f-muted", theme.muted);
  root.style.setProperty("--v2f-border", theme.border);
  root.style.setProperty("--v2f-accent", theme.accent);
  root.classList.toggle("v2f-dark", theme.dark);
}

class View {
  readonly root: HTMLElement;
  private readonly errorBox = new ErrorBox();
  private readonly goneNote = new GoneNote();
  private readonly panel: Panel;
  private readonly legendPanel: LegendPanel;
  private sideRequestId = 0;
  private readonly tooltip = new Tooltip();
  private readonly scatter: Scatter;
  private readonly faceMap: FaceMap;
  private readonly facesToggle = createFacesToggle((faces) => this.setMode(faces ? "faces" : "points"));
  private readonly channel: Channel;
  private readonly requests: Requests;
  private readonly topology: Topology;
  private readonly cleanups: (() => void)[] = [];
  private readonly hoverCache = new Map<number, { label: string; landmarks: Float32Array }>();
  private points: PointsData | null = null;
  private pendingSelection: Int32Array | null = null;
  private hovered = -1;
  /** Drawing the saved snapshot: no kernel answered (see snapshot.ts). */
  private isStatic = false;
  /** The browser's decoder and the snapshot's latents (offline_brushing), if shipped. */
  private offline: OfflineFaces | null = null;
  private staticTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly note = staticNote();
  private legend: CategoryLegend | null = null;
  /** Categories whose legend entry was clicked (cleared by any other selection). */
  private activeCategories = new Set<number>();
  /** 1 for the selected points (the face map highlights their faces). */
  private selectedMask = new Uint8Array(0);

  constructor(
    private readonly model: AnyModel<WidgetModel>,
    private readonly el: HTMLElement,
  ) {
    this.topology = model.get("_topology");
    this.root = h("div", "v2f-root");
    this.root.tabIndex = 0;
    this.root.style.setProperty("--v2f-height", `${model.get("height")}px`);
    applyTheme(this.root, readTheme(el));
    const main = h("div", "v2f-main");
    const scatterBox = h("div", "v2f-scatter");
    const footer = h("div", "v2f-footer");
    main.append(scatterBox, footer);
    this.panel = new Panel({
      hoverFace: (i) => this.scatter.highlight(i),
      pickFace: (i) => this.scatter.zoomTo(i),
    });
    this.legendPanel = new LegendPanel(this.topology, () =>
      this.channel.send({ type: "legend", request_id: ++this.sideRequestId }),
    );
    const side = createTabs(
      [
        { id: "faces", label: "Faces", el: this.panel.el },
        { id: "legend", label: "Legend", el: this.legendPanel.el },
      ],
      (id) => {
        if (id === "legend") this.legendPanel.opened();
      },
    );
    this.root.append(main, side, this.tooltip.el, this.errorBox.el, this.goneNote.el);
    el.append(styleElement(), sideStyleElement(), this.root);

    this.scatter = this.createScatter(scatterBox);
    this.faceMap = this.createFaceMap(scatterBox);
    this.buildFooter(footer);
    this.channel = new Channel(
      model,
      {
        points: (data) => this.guard(() => this.receivePoints(data)),
        selection: (indices) => this.guard(() => this.receiveSelection(indices)),
        faces: (answer) => this.guard(() => this.receiveFaces(answer)),
        legend: (data) => this.guard(() => this.legendPanel.show(data)),
        exported: (file) => this.guard(() => this.receiveExport(file)),
      },
      (error) => this.showError(`Could not read a message from the kernel: ${describe(error)}`),
      (reason) => this.kernelGone(reason),
    );
    this.requests = new Requests(
      (message, indices) => this.channel.send(message, indices),
      () => this.scatter.brushSelection(),
      undefined,
      () => model.get("_n_points"),
    );
    this.watch();
    this.installHook();
    this.errorBox.show(model.get("error") ?? "");
    if (!this.scatter.supported) {
      this.showError(
        "This browser lacks the WebGL features the scatter needs; faces still follow select() from Python.",
      );
    }
    this.channel.send({ type: "ready" });
    const wait = hasKernel(model) ? STATIC_AFTER_MS.kernel : STATIC_AFTER_MS.noKernel;
    this.staticTimer = setTimeout(() => this.guard(() => this.showSnapshot()), wait);
    this.cleanups.push(() => {
      if (this.staticTimer !== null) clearTimeout(this.staticTimer);
    });
  }

  /** No kernel sent the points: draw the snapshot saved with the notebook, if any. */
  private showSnapshot(): void {
    this.staticTimer = null;
    const snapshot = this.points ? null : readSnapshot(this.model);
    if (!snapshot) return;
    this.isStatic = true;
    this.root.dataset.v2fStatic = "1";
    this.offline = readOffline(this.model.get("_snapshot_decoder") ?? {}, this.model.get("_snapshot_points") ?? {});
    const offline = this.offline;
    if (offline) {
      this.root.dataset.v2fOffline = "1";
      this.note.textContent = OFFLINE_NOTE;
      const hook = (this.root as HTMLElement & { __v2f?: DebugHook }).__v2f;
      if (hook) hook.decode = (latents, k) => Array.from(decodeFaces(offline.weights, latents, latents.length / k, k));
    }
    this.legendPanel.setOffline("The legend is decoded by the kernel: run the notebook to see it.");
    this.scatter.canvas.parentElement?.appendChild(this.note);
    const kind = this.model.get("_color_kind");
    const nCategories = this.model.get("_categories").length;
    this.scatter
      .draw(snapshot.points, kind, nCategories)
      .then(() => {
        if (!this.isStatic) return;
        this.scatter.select(snapshot.selected);
        if (snapshot.faces) this.panel.show(snapshot.faces, this.topology);
        mark("v2f:first-frame");
        this.root.dataset.v2fFirstFrame = "1";
      })
      .catch((error: unknown) => this.showError(`Could not draw the snapshot: ${describe(error)}`));
  }

  private createScatter(box: HTMLElement): Scatter {
    const scatter = new Scatter(
      box,
      readTheme(this.el),
      {
        select: (indices) => {
          this.setActiveCategories(new Set());
          this.userSelected(indices);
        },
        hover: (i) => this.hoverPoint(i),
        hoverOut: () => this.hoverPoint(-1),
        view: () => {
          this.hoverPoint(-1);
          this.faceMap.cameraMoved();
        },
        brushMoved: () => this.requests.brushMoved(),
        brushEnded: () => this.requests.brushEnded(),
      },
      this.model.get("_n_points"),
    );
    const toolbar = createToolbar(DEFAULT_MODE, (mode) => scatter.setMode(mode));
    toolbar.appendChild(this.facesToggle.el);
    toolbar.appendChild(createExportMenu((part, format) => this.askExport(part, format)));
    box.appendChild(toolbar);
    scatter.setMode(DEFAULT_MODE);
    return scatter;
  }

  private askExport(part: ExportPart, format: ExportFormat): void {
    if (this.isStatic) {
      this.showError("Exporting needs the kernel (it draws the file): run the notebook, or use w.save(...).");
      return;
    }
    this.channel.send({ type: "export", request_id: ++this.sideRequestId, part, format });
  }

  private receiveExport(file: ExportFile): void {
    if (!download(file)) {
      this.showError(file.error ?? "Could not export");
      return;
    }
    this.root.dataset.v2fExported = file.filename;
  }

  private createFaceMap(box: HTMLElement): FaceMap {
    const theme = readTheme(this.el);
    return new FaceMap(
      box,
      {
        transform: () => this.scatter.transform(),
        xy: () => this.scatter.points,
        pointsNear: (view) => this.scatter.pointsNear(view.x0, view.x1, view.y0, view.y1),
        colorOf: (i) => (this.points ? pointColor(this.model.get("_color_kind"), this.points.values, i) : null),
        isSelected: (i) => this.selectedMask[i] === 1,
        request: (indices) => this.requests.facemap(indices),
        settled: (view) => {
          const next = [view.x0, view.y0, view.x1, view.y1, view.width, view.height];
          const old = this.model.get("_view") ?? [];
          if (next.every((v, k) => v === old[k])) return;
          this.model.set("_view", next);
          this.model.save_changes();
        },
      },
      this.topology,
      { fg: theme.foreground, bg: theme.background, accent: theme.accent },
    );
  }

  /** Points or faces, from the toolbar (synced to Python) or from Python's `mode`. */
  private setMode(mode: "points" | "faces"): void {
    const faces = mode === "faces";
    this.facesToggle.set(faces);
    this.scatter.setFaint(faces);
    this.faceMap.setEnabled(faces);
    if (this.model.get("mode") !== mode) {
      this.model.set("mode", mode);
      this.model.save_changes();
    }
  }

  /** The test/debug hook (see js/CONTRACT.md). */
  private installHook(): void {
    const model = this.model;
    const hook: DebugHook = {
      pointToClient: (i) => this.scatter.pointToClient(i),
      get nPoints() {
        return model.get("_n_points");
      },
      selection: () => this.scatter.selection(),
      indexed: () => this.scatter.indexed,
      useIndex: (on) => {
        this.scatter.useIndex = on;
      },
      faceMap: () => this.faceMap.state(),
      ping: () => this.faceMap.ping(),
      lastCameraAt: () => this.faceMap.lastCameraAt,
      resetCamera: () => this.scatter.resetCamera(),
      panBy: (dx, dy) => this.scatter.panBy(dx, dy),
    };
    (this.root as HTMLElement & { __v2f?: DebugHook }).__v2f = hook;
  }

  destroy(): void {
    for (const cleanup of this.cleanups.splice(0)) {
      try {
        cleanup();
      } catch {
        // keep tearing down
      }
    }
    this.channel.dispose();
    this.faceMap.destroy();
    this.scatter.destroy();
    this.el.replaceChildren();
  }

  /** The kernel is gone: say so over the widget and stop brushing and hovering. */
  private kernelGone(reason: string): void {
    console.warn("vec2face_widget: the kernel is gone:", reason);
    this.root.dataset.v2fKernel = "gone";
    this.scatter.cancelBrush();
    this.hovered = -1;
    this.tooltip.hide();
    this.panel.showDisconnected();
    this.goneNote.show(reason);
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.showError(describe(error));
    }
  }

  private showError(message: string): void {
    console.error("vec2face_widget:", message);
    this.errorBox.show(message);
  }

  private buildFooter(footer: HTMLElement): void {
    const kind = this.model.get("_color_kind");
    if (kind === "category") {
      const categories = this.model.get("_categories");
      this.legend = new CategoryLegend(categories, (c, add) => this.selectCategory(c, add));
      footer.appendChild(this.legend.el);
    } else if (kind === "value") {
      const [min, max] = this.model.get("_value_range");
      footer.appendChild(createColorbar(min ?? 0, max ?? 1));
    }
  }

  /** Follow the model's traits, the notebook's theme and the widget's size and keys. */
  private watch(): void {
    const onError = () => this.errorBox.show(this.model.get("error") ?? "");
    const onHeight = () => this.root.style.setProperty("--v2f-height", `${this.model.get("height")}px`);
    const onMode = () => this.setMode(this.model.get("mode") === "faces" ? "faces" : "points");
    const onMaxFaces = () => {
      if (this.scatter.selection().length > 0) this.requests.panel();
    };
    const onStatus = () => this.panel.setStatus(this.model.get("_faces_status"));
    onStatus();
    this.model.on("change:_faces_status", onStatus);
    this.cleanups.push(() => this.model.off("change:_faces_status", onStatus));
    this.model.on("change:error", onError);
    this.model.on("change:height", onHeight);
    this.model.on("change:max_faces", onMaxFaces);
    this.model.on("change:mode", onMode);
    this.cleanups.push(() => {
      this.model.off("change:mode", onMode);
      this.model.off("change:error", onError);
      this.model.off("change:height", onHeight);
      this.model.off("change:max_faces", onMaxFaces);
    });
    this.cleanups.push(
      watchTheme(this.el, (theme) => {
        applyTheme(this.root, theme);
        this.scatter.setTheme(theme);
        this.faceMap.setColors({ fg: theme.foreground, bg: theme.background, accent: theme.accent });
      }),
    );
    this.watchDom();
  }

  private watchDom(): void {
    const resize = new ResizeObserver(() => {
      const rect = this.root.getBoundingClientRect();
      if (rect.width > 0) this.root.classList.toggle("v2f-narrow", rect.width < NARROW_PX);
      const box = this.scatter.canvas.parentElement?.getBoundingClientRect();
      if (box) this.scatter.resize(box.width, box.height);
      this.faceMap.cameraMoved();
    });
    resize.observe(this.root);
    this.cleanups.push(() => resize.disconnect());
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        event.stopPropagation();
        this.scatter.clear();
      }
    };
    const onPointerDown = () => this.root.focus({ preventScroll: true });
    this.root.addEventListener("keydown", onKey);
    this.root.addEventListener("pointerdown", onPointerDown);
    this.cleanups.push(() => {
      this.root.removeEventListener("keydown", onKey);
      this.root.removeEventListener("pointerdown", onPointerDown);
    });
  }

  private receivePoints(data: PointsData): void {
    this.points = data;
    if (this.staticTimer !== null) clearTimeout(this.staticTimer);
    this.staticTimer = null;
    this.isStatic = false;
    delete this.root.dataset.v2fStatic;
    this.legendPanel.setOffline(null);
    this.note.remove();
    const kind = this.model.get("_color_kind");
    const nCategories = this.model.get("_categories").length;
    this.scatter
      .draw(data, kind, nCategories)
      .then(() => {
        mark("v2f:first-frame");
        this.root.dataset.v2fFirstFrame = "1";
        // The points are on screen: the kernel may now prepare the faces.
        this.channel.send({ type: "drawn" });
        if (this.model.get("mode") === "faces") this.setMode("faces");
        this.faceMap.cameraMoved();
        if (this.pendingSelection) {
          const pending = this.pendingSelection;
          this.pendingSelection = null;
          this.receiveSelection(pending);
        }
      })
      .catch((error: unknown) => this.showError(`Could not draw the scatter: ${describe(error)}`));
  }

  /** A selection chosen in the kernel (Python's select(), or the state at render). */
  private receiveSelection(indices: Int32Array): void {
    if (!this.scatter.isDrawn) {
      this.pendingSelection = indices;
      return;
    }
    this.scatter.select(indices);
    this.noteSelection(indices);
    this.setActiveCategories(new Set());
    if (indices.length > 0) {
      this.panel.showPending(indices.length);
      this.requests.panel();
    } else {
      this.requests.selectionCleared();
      this.panel.showEmpty();
    }
  }

  /**
   * The user brushed, clicked or cleared in the scatter. After a drag whose live preview
   * already shows the faces of exactly this selection, they count as drawn at once.
   */
  private userSelected(indices: number[]): void {
    if (this.isStatic) {
      this.staticSelected(indices);
      return;
    }
    this.noteSelection(indices);
    const { shown } = this.requests.select(indices, (requestId) => {
      mark("v2f:faces-drawn");
      this.root.dataset.v2fFacesRequestId = String(requestId);
    });
    if (!shown) this.panel.showPending(indices.length);
  }

  /** A brush on a static snapshot: decoded here when the decoder was shipped. */
  private staticSelected(indices: number[]): void {
    if (!this.offline) {
      this.panel.showError("This is a static snapshot: run the notebook to see the faces of a new selection.");
      return;
    }
    if (indices.length === 0) {
      this.panel.showEmpty();
    } else {
      this.panel.show(offlineAnswer(this.offline, indices, this.model.get("max_faces")), this.topology);
    }
    mark("v2f:faces-drawn");
  }

  private selectCategory(category: number, add: boolean): void {
    if (!this.points) return;
    const values = this.points.values;
    const chosen = new Set<number>(add ? this.scatter.selection() : []);
    for (let i = 0; i < values.length; i++) if (values[i] === category) chosen.add(i);
    const indices = Array.from(chosen).sort((a, b) => a - b);
    this.scatter.select(indices);
    this.setActiveCategories(new Set(add ? [...this.activeCategories, category] : [category]));
    this.userSelected(indices);
  }

  /** Remember the selection for the face map, which redraws its highlighted faces. */
  private noteSelection(indices: ArrayLike<number>): void {
    const n = this.model.get("_n_points");
    if (this.selectedMask.length !== n) this.selectedMask = new Uint8Array(n);
    else this.selectedMask.fill(0);
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k];
      if (i >= 0 && i < n) this.selectedMask[i] = 1;
    }
    this.faceMap.selectionChanged();
  }

  private setActiveCategories(active: Set<number>): void {
    this.activeCategories = active;
    this.legend?.setActive(active);
  }

  private receiveFaces(answer: FacesAnswer): void {
    if (answer.purpose === "facemap") {
      this.faceMap.receive(answer);
      return;
    }
    const verdict = this.requests.answer(answer);
    switch (verdict.kind) {
      case "stale":
        return;
      case "error":
        if (answer.purpose === "panel") this.panel.showError(verdict.message);
        return;
      default:
        this.rememberAll(answer);
    }
    if (verdict.kind === "tooltip") {
      const i = answer.indices[0];
      const cached = this.hoverCache.get(i);
      if (cached) this.tooltip.fill(i, cached.label, cached.landmarks, this.topology);
    } else if (verdict.kind === "preview") {
      this.panel.show(answer, this.topology);
      mark("v2f:preview-drawn");
    } else if (verdict.kind === "panel") {
      this.panel.show(answer, this.topology);
      this.facesDrawn(verdict.drawnFor);
    }
  }

  /** Keep the faces of an answer for the tooltip. */
  private rememberAll(answer: FacesAnswer): void {
    const perFace = this.topology.n_points * 2;
    for (let k = 0; k < answer.indices.length; k++) {
      const landmarks = answer.landmarks.slice(k * perFace, (k + 1) * perFace);
      this.remember(answer.indices[k], answer.labels[k] ?? String(answer.indices[k]), landmarks);
    }
  }

  /** The faces of the selection of request `requestId` are in the DOM. */
  private facesDrawn(requestId: number): void {
    this.root.dataset.v2fFacesRequestId = String(requestId);
    mark("v2f:faces-drawn");
  }

  private remember(index: number, label: string, landmarks: Float32Array): void {
    this.hoverCache.delete(index);
    this.hoverCache.set(index, { label, landmarks });
    if (this.hoverCache.size > HOVER_CACHE) {
      const oldest = this.hoverCache.keys().next().value;
      if (oldest !== undefined) this.hoverCache.delete(oldest);
    }
  }

  private hoverPoint(index: number): void {
    if (index < 0) {
      if (this.hovered >= 0) this.requests.cancelHover();
      this.hovered = -1;
      this.tooltip.hide();
      return;
    }
    this.hovered = index;
    const [cx, cy] = this.scatter.pointToClient(index);
    const rect = this.root.getBoundingClientRect();
    this.tooltip.show(index, cx - rect.left, cy - rect.top, rect.width);
    const cached = this.hoverCache.get(index);
    if (cached) this.tooltip.fill(index, cached.label, cached.landmarks, this.topology);
    else this.requests.hover(index);
  }
}

function fatal(el: HTMLElement, error: unknown): void {
  const root = h("div", "v2f-root v2f-fatal");
  const box = new ErrorBox();
  box.show(`vec2face_widget could not start: ${describe(error)}`);
  root.appendChild(box.el);
  el.replaceChildren(styleElement(), root);
  console.error("vec2face_widget:", error);
}

function render({ model, el }: RenderProps<WidgetModel>): () => void {
  let view: View | null = null;
  try {
    view = new View(model, el);
  } catch (error) {
    fatal(el, error);
  }
  return () => view?.destroy();
}

export default { render };
