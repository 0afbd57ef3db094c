import { describe, expect, it } from "vitest";
import installed from "../node_modules/regl-scatterplot/package.json";
import { REGL_SCATTERPLOT_VERSION, RENDERER_KEY } from "../src/renderer";

describe("the shared renderer's key", () => {
  it("names the regl-scatterplot version this bundle is built with", () => {
    expect(installed.version.split(".").slice(0, 2).join(".")).toBe(REGL_SCATTERPLOT_VERSION);
    expect(RENDERER_KEY).toContain(`regl-scatterplot@${REGL_SCATTERPLOT_VERSION}`);
  });
});
