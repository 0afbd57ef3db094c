import { describe, expect, it } from "vitest";
import { MAX_ENTRIES, mark, measure } from "../src/marks";

describe("marks", () => {
  it("keeps at most MAX_ENTRIES marks and measures of a name", () => {
    for (let k = 0; k < MAX_ENTRIES + 5; k++) {
      mark("v2f:test-mark");
      measure("v2f:test-measure", performance.now(), k);
    }
    const marks = performance.getEntriesByName("v2f:test-mark").length;
    const measures = performance.getEntriesByName("v2f:test-measure").length;
    expect(marks).toBeGreaterThan(0);
    expect(marks).toBeLessThanOrEqual(MAX_ENTRIES);
    expect(measures).toBeGreaterThan(0);
    expect(measures).toBeLessThanOrEqual(MAX_ENTRIES);
  });
});
