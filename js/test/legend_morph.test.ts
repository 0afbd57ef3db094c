import { describe, expect, it } from "vitest";
import { morph } from "../src/legend_panel";
import type { LegendData } from "../src/protocol";

function legend(): LegendData {
  // 2 rows, 3 steps (-2, 0, 2), faces of 2 coordinates: row r, step s -> [10r + s, -s]
  const faces = new Float32Array(2 * 3 * 2);
  for (let r = 0; r < 2; r++) {
    for (let s = 0; s < 3; s++) {
      faces[(r * 3 + s) * 2] = 10 * r + s;
      faces[(r * 3 + s) * 2 + 1] = 0 - s;
    }
  }
  return { rows: [], steps: [-2, 0, 2], faces };
}

describe("the legend slider's morph", () => {
  it("gives the decoded faces at the steps", () => {
    expect(Array.from(morph(legend(), 0, -2, 2))).toEqual([0, 0]);
    expect(Array.from(morph(legend(), 1, 0, 2))).toEqual([11, -1]);
    expect(Array.from(morph(legend(), 1, 2, 2))).toEqual([12, -2]);
  });

  it("interpolates between neighbouring steps and clamps outside them", () => {
    expect(Array.from(morph(legend(), 0, -1, 2))).toEqual([0.5, -0.5]);
    expect(Array.from(morph(legend(), 1, 1.5, 2))).toEqual([11.75, -1.75]);
    expect(Array.from(morph(legend(), 0, 5, 2))).toEqual([2, -2]);
    expect(Array.from(morph(legend(), 0, -5, 2))).toEqual([0, 0]);
  });
});
