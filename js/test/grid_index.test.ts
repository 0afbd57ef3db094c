import { describe, expect, it } from "vitest";
import type { Affine } from "../src/geometry";
import { boxInData, pointsInBox, pointsInPolygon, polygonInData } from "../src/geometry";
import { BUILD_SLICE, GridIndex } from "../src/grid_index";

/** A small seeded generator (mulberry32), so failures repeat. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Clusters, a uniform spread, repeated points and points on a line, in [-1, 1]. */
function points(n: number, rand: () => number): Float32Array {
  const xy = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const kind = i % 4;
    let x = rand() * 2 - 1;
    let y = rand() * 2 - 1;
    if (kind === 1) [x, y] = [0.3 + 0.05 * (rand() - 0.5), -0.4 + 0.05 * (rand() - 0.5)];
    if (kind === 2) [x, y] = [0.125, 0.5]; // the same point many times
    if (kind === 3) y = 0.25; // a horizontal line, on cell borders at some sizes
    xy[2 * i] = x;
    xy[2 * i + 1] = y;
  }
  return xy;
}

// Data [-1, 1] -> pixels 0..400, y flipped.
const t: Affine = { ax: 200, bx: 200, ay: -200, by: 200 };

/** A random lasso in pixels: a star around a centre, or a free (self-crossing) scribble. */
function lasso(rand: () => number): [number, number][] {
  const cx = rand() * 400;
  const cy = rand() * 400;
  const m = 3 + Math.floor(rand() * 60);
  const out: [number, number][] = [];
  const star = rand() < 0.6;
  for (let k = 0; k < m; k++) {
    if (star) {
      const a = (2 * Math.PI * k) / m;
      const r = 5 + rand() * 180;
      out.push([Math.round(cx + r * Math.cos(a)), Math.round(cy + r * Math.sin(a))]);
    } else out.push([Math.round(rand() * 440 - 20), Math.round(rand() * 440 - 20)]);
  }
  return out;
}

describe("GridIndex", () => {
  const rand = random(7);
  const xy = points(20_000, rand);
  const index = GridIndex.buildSync(xy);

  it("finds the same points as the brute-force box test", () => {
    for (let trial = 0; trial < 200; trial++) {
      const a: [number, number] = [Math.round(rand() * 440 - 20), Math.round(rand() * 440 - 20)];
      const b: [number, number] = [Math.round(rand() * 440 - 20), Math.round(rand() * 440 - 20)];
      const expected = pointsInBox(xy, t, a, b);
      expect(index.box(...boxInData(t, a, b))).toEqual(expected);
    }
    // A box exactly on the line of points and on the repeated point.
    const line = boxInData(t, [0, 150], [400, 150]);
    expect(index.box(...line)).toEqual(pointsInBox(xy, t, [0, 150], [400, 150]));
    expect(index.box(0.125, 0.125, 0.5, 0.5).length).toBe(5_000);
  });

  it("finds the same points as the brute-force lasso test", () => {
    let nonEmpty = 0;
    for (let trial = 0; trial < 200; trial++) {
      const polygon = lasso(rand);
      const expected = pointsInPolygon(xy, t, polygon);
      if (expected.length > 0) nonEmpty++;
      expect(index.polygon(...polygonInData(t, polygon))).toEqual(expected);
    }
    expect(nonEmpty).toBeGreaterThan(100); // the lassos did catch points
  });

  it("is the same built in slices as built at once, and handles odd inputs", async () => {
    const many = points(BUILD_SLICE + 1_000, random(3));
    const sliced = await GridIndex.build(many);
    const whole = GridIndex.buildSync(many);
    const polygon = lasso(random(5));
    expect(sliced?.polygon(...polygonInData(t, polygon))).toEqual(whole.polygon(...polygonInData(t, polygon)));
    expect(await GridIndex.build(many, () => true)).toBeNull();

    const odd = new Float32Array([0, 0, Number.NaN, 0, 1, 1, 0, 0]);
    const small = GridIndex.buildSync(odd);
    expect(small.box(-1, 2, -1, 2)).toEqual([0, 2, 3]);
    expect(GridIndex.buildSync(new Float32Array(0)).box(-1, 1, -1, 1)).toEqual([]);
    expect(small.polygon([0, 1], [0, 1])).toEqual([]);
  });
});
