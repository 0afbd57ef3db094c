import { describe, expect, it } from "vitest";
import type { Affine } from "../src/geometry";
import { nearestPoint, pointsInBox, pointsInPolygon } from "../src/geometry";

// Data x in [-1, 1] -> pixels 0..200; data y in [-1, 1] -> pixels 200..0 (y flipped).
const t: Affine = { ax: 100, bx: 100, ay: -100, by: 100 };
// Points (data): 0 centre, 1 upper right, 2 lower left, 3 right of the centre.
// In pixels: (100, 100), (150, 50), (50, 150), (125, 100).
const xy = new Float32Array([0, 0, 0.5, 0.5, -0.5, -0.5, 0.25, 0]);

describe("pointsInBox", () => {
  it("finds the points inside, edges included, corners in any order", () => {
    // pixels 75..125 = data -0.25..0.25: point 3 lies on the right edge
    expect(pointsInBox(xy, t, [75, 75], [125, 125])).toEqual([0, 3]);
    expect(pointsInBox(xy, t, [125, 125], [75, 75])).toEqual([0, 3]);
    expect(pointsInBox(xy, t, [75, 125], [125, 75])).toEqual([0, 3]);
    expect(pointsInBox(xy, t, [75, 75], [124, 125])).toEqual([0]);
  });

  it("follows the flipped y axis", () => {
    // upper right quarter on screen: pixels x 100..200, y 0..100 = data y 0..1
    expect(pointsInBox(xy, t, [101, 0], [200, 99])).toEqual([1]);
  });

  it("is empty for an empty box region or no points", () => {
    expect(pointsInBox(xy, t, [0, 0], [10, 10])).toEqual([]);
    expect(pointsInBox(new Float32Array(0), t, [0, 0], [200, 200])).toEqual([]);
  });
});

describe("pointsInPolygon", () => {
  it("finds the points inside a lasso", () => {
    const lasso: [number, number][] = [
      [70, 100],
      [100, 70],
      [160, 40],
      [110, 110],
    ];
    expect(pointsInPolygon(xy, t, lasso)).toEqual([0, 1]);
  });

  it("uses the even-odd rule: the centre of a five-pointed star is outside", () => {
    const star: [number, number][] = [0, 1, 2, 3, 4].map((k) => {
      const a = ((-90 + k * 144) * Math.PI) / 180;
      return [100 + 80 * Math.cos(a), 100 + 80 * Math.sin(a)];
    });
    const centreAndTip = new Float32Array([0, 0, 0, 0.65]); // pixels (100, 100), (100, 35)
    expect(pointsInPolygon(centreAndTip, t, star)).toEqual([1]);
  });

  it("needs three vertices", () => {
    expect(
      pointsInPolygon(xy, t, [
        [0, 0],
        [200, 200],
      ]),
    ).toEqual([]);
  });
});

describe("nearestPoint", () => {
  it("picks the nearest point within the radius, else -1", () => {
    expect(nearestPoint(xy, t, [101, 101], 6)).toBe(0);
    expect(nearestPoint(xy, t, [121, 103], 6)).toBe(3);
    expect(nearestPoint(xy, t, [116, 100], 12)).toBe(3); // 16 px from point 0, 9 from 3
    expect(nearestPoint(xy, t, [112, 100], 6)).toBe(-1);
    expect(nearestPoint(new Float32Array(0), t, [0, 0], 6)).toBe(-1);
  });
});
