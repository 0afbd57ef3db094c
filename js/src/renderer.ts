// One WebGL renderer (one WebGL context) for every scatter on the page.
//
// anywidget loads this bundle once per widget, from a new blob URL, so a module-level
// "one renderer" would be one per widget: with 17+ widgets on a page, or after ~16
// re-runs of a display cell, Chromium drops the oldest contexts. The renderer therefore
// lives on `globalThis` under a key that names the regl-scatterplot version (a bundle
// built with another version must not draw with this one's renderer), with a count of
// the views that use it. When the last view leaves, the context is released after a
// grace period (a re-run displays the new view right after removing the old one).
// When the context is lost anyway, every view using it hears of it and can rebuild on a
// fresh renderer: by hand ("click to redraw"), or by itself when the browser gives the
// context back (a GPU reset; a context dropped for being one too many never comes back).

import { createRenderer } from "regl-scatterplot";

export type Renderer = ReturnType<typeof createRenderer>;

/** The regl-scatterplot version the renderer is shared between (see the test). */
export const REGL_SCATTERPLOT_VERSION = "1.16";

/** Where the shared renderer lives on `globalThis` (see js/CONTRACT.md). */
export const RENDERER_KEY = `vec2face_widget:renderer:regl-scatterplot@${REGL_SCATTERPLOT_VERSION}`;

/**
 * The page-wide event (on `globalThis`) that a lost context came back: the views waiting
 * for a redraw rebuild on a fresh renderer. Page-wide, since every widget has its own
 * copy of this module.
 */
export const RESTORED_EVENT = "vec2face_widget:webgl-restored";

/** How long the renderer outlives its last view, in ms. */
export const RELEASE_AFTER_MS = 5_000;

/** The renderer and who uses it, as kept on `globalThis`. */
export interface SharedRenderer {
  readonly renderer: Renderer;
  /** Called once when the context is lost; one entry a view. */
  readonly users: Set<() => void>;
  lost: boolean;
  releaseTimer: ReturnType<typeof setTimeout> | null;
  /** Detaches the context-loss listeners. */
  readonly unlisten: () => void;
}

/** A view's use of the shared renderer. */
export interface RendererLease {
  readonly renderer: Renderer;
  /** Stop using the renderer (idempotent). */
  release(): void;
}

type Global = Record<string, SharedRenderer | undefined>;

function registry(): Global {
  return globalThis as unknown as Global;
}

/** The shared renderer as it is now, for tests and diagnostics. */
export function sharedRenderer(): SharedRenderer | undefined {
  return registry()[RENDERER_KEY];
}

function create(): SharedRenderer {
  const renderer = createRenderer();
  const canvas = renderer.canvas;
  const shared: SharedRenderer = {
    renderer,
    users: new Set(),
    lost: false,
    releaseTimer: null,
    unlisten: () => canvas.removeEventListener("webglcontextlost", onLost),
  };
  function onLost(event: Event): void {
    if (shared.lost) return;
    shared.lost = true;
    // Ask the browser to give the context back when it can, and hear when it does.
    event.preventDefault();
    canvas.addEventListener("webglcontextrestored", onRestored, { once: true });
    // The next view to ask gets a fresh renderer; this one is dropped.
    if (registry()[RENDERER_KEY] === shared) delete registry()[RENDERER_KEY];
    for (const user of Array.from(shared.users)) {
      try {
        user();
      } catch (error) {
        console.error("vec2face_widget: a view failed to handle the lost WebGL context:", error);
      }
    }
  }
  // The browser gave the context back. regl's buffers and programs on it are gone, so it
  // is freed at once and the waiting views rebuild on a fresh renderer (a new context).
  // (Its context is taken now: a destroyed renderer no longer has one.)
  const gl = renderer.regl._gl as WebGLRenderingContext;
  function onRestored(): void {
    gl.getExtension("WEBGL_lose_context")?.loseContext();
    globalThis.dispatchEvent(new Event(RESTORED_EVENT));
  }
  canvas.addEventListener("webglcontextlost", onLost);
  return shared;
}

/** Free the context now: nobody uses it. */
function destroy(shared: SharedRenderer): void {
  if (registry()[RENDERER_KEY] === shared) delete registry()[RENDERER_KEY];
  shared.unlisten();
  const gl = shared.lost ? null : (shared.renderer.regl._gl as WebGLRenderingContext | undefined);
  try {
    shared.renderer.destroy();
  } catch {
    // a lost context may refuse to delete what it no longer has
  }
  // Without this the context lives until garbage collection and still counts.
  gl?.getExtension("WEBGL_lose_context")?.loseContext();
}

/**
 * Use the page's shared renderer (creating it if there is none, or it was lost).
 * `onLost` is called once if the context is lost while the lease is held.
 */
export function acquireRenderer(onLost: () => void): RendererLease {
  let shared = registry()[RENDERER_KEY];
  if (!shared || shared.lost || shared.renderer.isDestroyed) {
    shared = create();
    registry()[RENDERER_KEY] = shared;
  }
  if (shared.releaseTimer !== null) {
    clearTimeout(shared.releaseTimer);
    shared.releaseTimer = null;
  }
  const owner = shared;
  let held = true;
  const user = () => {
    if (held) onLost();
  };
  owner.users.add(user);
  return {
    renderer: owner.renderer,
    release() {
      if (!held) return;
      held = false;
      owner.users.delete(user);
      if (owner.users.size > 0) return;
      if (owner.lost) destroy(owner);
      else if (owner.releaseTimer === null) {
        owner.releaseTimer = setTimeout(() => {
          owner.releaseTimer = null;
          if (owner.users.size === 0) destroy(owner);
        }, RELEASE_AFTER_MS);
      }
    },
  };
}
