import { describe, expect, it } from "vitest";
import type { MapView } from "../src/facemap_cells";
import { facemapCells, labelsWithRoom } from "../src/facemap_cells";
import { GridIndex } from "../src/grid_index";

// A 100 x 100 px view of [0, 1] x [0, 1]: cells of 10 px are 0.1 wide.
const VIEW: MapView = { x0: 0, y0: 0, x1: 1, y1: 1, width: 100, height: 100 };

describe("facemapCells", () => {
  it("draws one face a cell, the point nearest the cell's mean", () => {
    // cell (0, 0): mean (0.04, 0.01), 0.05 is nearest; 3 is alone; 4 lies outside the view
    const xy = new Float32Array([0.01, 0.01, 0.05, 0.01, 0.06, 0.01, 0.55, 0.55, 1.5, 0.5]);
    expect(Array.from(facemapCells(xy, VIEW, 10))).toEqual([1, 3]);
  });

  it("gives ties to the lower index and nothing for an empty view", () => {
    const xy = new Float32Array([0.02, 0.05, 0.08, 0.05, 0.3, 0.3]);
    expect(Array.from(facemapCells(xy, VIEW, 10))).toEqual([0, 2]);
    expect(facemapCells(xy, { ...VIEW, x0: 2, x1: 3 }, 10).length).toBe(0);
  });

  it("shows more faces of a region when zoomed in on it", () => {
    const n = 20000;
    const xy = new Float32Array(2 * n);
    let seed = 7;
    for (let k = 0; k < 2 * n; k++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      xy[k] = (seed / 2147483648) * 2 - 1;
    }
    const wide = facemapCells(xy, { x0: -1, y0: -1, x1: 1, y1: 1, width: 400, height: 400 }, 40);
    const close = facemapCells(xy, { x0: -0.5, y0: -0.5, x1: 0.5, y1: 0.5, width: 400, height: 400 }, 40);
    const inQuarter = Array.from(wide).filter((i) => Math.abs(xy[2 * i]) <= 0.5 && Math.abs(xy[2 * i + 1]) <= 0.5);
    expect(wide.length).toBeGreaterThan(90);
    expect(close.length).toBeGreaterThan(3 * inQuarter.length);
  });
});

describe("facemapCells with candidates", () => {
  // Clustered points, with many exact duplicates (ties) and a dense spot.
  const n = 30000;
  const xy = new Float32Array(2 * n);
  let seed = 11;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (let i = 0; i < n; i++) {
    const spot = i % 3 === 0 ? 0.02 : 0.6;
    xy[2 * i] = i % 7 === 0 ? 0.25 : (rand() * 2 - 1) * spot;
    xy[2 * i + 1] = i % 7 === 0 ? -0.125 : (rand() * 2 - 1) * spot;
  }
  const index = GridIndex.buildSync(xy);

  it("gives the same faces from a spatial index's runs of points", () => {
    for (let t = 0; t < 25; t++) {
      const half = 0.01 + rand() * (t < 3 ? 1.2 : 0.4);
      const cx = rand() * 1.2 - 0.6;
      const cy = rand() * 1.2 - 0.6;
      const view: MapView = { x0: cx - half, y0: cy - half, x1: cx + half, y1: cy + half, width: 500, height: 450 };
      const near = index.near(view.x0, view.x1, view.y0, view.y1);
      expect(Array.from(facemapCells(xy, view, 40, near))).toEqual(Array.from(facemapCells(xy, view, 40)));
    }
  });

  it("reads only the rows of cells a small view touches", () => {
    const near = index.near(0.9, 1, 0.9, 1);
    let total = 0;
    for (let j = 0; j < near.runs.length; j += 2) total += near.runs[j + 1] - near.runs[j];
    expect(total).toBeLessThan(n / 10);
  });
});

describe("labelsWithRoom", () => {
  it("labels only faces with no neighbour close by", () => {
    const px = new Float64Array([10, 10, 20, 20, 200, 10, 200, 100]);
    expect(Array.from(labelsWithRoom(px, [30, 20, 40]))).toEqual([0, 0, 1, 1]);
    expect(Array.from(labelsWithRoom(new Float64Array([5, 5]), [30, 20, 40]))).toEqual([1]);
  });
});
