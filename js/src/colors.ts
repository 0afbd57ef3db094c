// Colours of points: a categorical palette and a continuous colour map (viridis).

/** Tableau-20-like palette, strong colours first; repeats past 20 categories. */
const CATEGORICAL = [
  "#4e79a7",
  "#f28e2b",
  "#e15759",
  "#76b7b2",
  "#59a14f",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
  "#9c755f",
  "#bab0ac",
  "#1f77b4",
  "#ff7f0e",
  "#2ca02c",
  "#d62728",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#7f7f7f",
  "#bcbd22",
  "#17becf",
];

/** Viridis at 9 evenly spaced stops (interpolated in between). */
const VIRIDIS_STOPS: [number, number, number][] = [
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37],
];

/** The colour of category `i`. */
export function categoryColor(i: number): string {
  return CATEGORICAL[((i % CATEGORICAL.length) + CATEGORICAL.length) % CATEGORICAL.length];
}

/** `n` colours for `n` categories. */
export function categoryColors(n: number): string[] {
  return Array.from({ length: Math.max(1, n) }, (_, i) => categoryColor(i));
}

function hex(c: number): string {
  return Math.round(Math.min(255, Math.max(0, c)))
    .toString(16)
    .padStart(2, "0");
}

/** Viridis at t in [0, 1] as #rrggbb. */
export function viridis(t: number): string {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (VIRIDIS_STOPS.length - 1);
  const i = Math.min(VIRIDIS_STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const a = VIRIDIS_STOPS[i];
  const b = VIRIDIS_STOPS[i + 1];
  return `#${hex(a[0] + f * (b[0] - a[0]))}${hex(a[1] + f * (b[1] - a[1]))}${hex(a[2] + f * (b[2] - a[2]))}`;
}

/** `n` colours of the continuous map, for the scatter's value encoding. */
export function colormap(n = 64): string[] {
  return Array.from({ length: n }, (_, i) => viridis(i / (n - 1)));
}

/** A CSS linear-gradient of the continuous map (for the colour bar). */
export function colormapGradient(direction = "to right"): string {
  const stops = Array.from({ length: 9 }, (_, i) => `${viridis(i / 8)} ${(i / 8) * 100}%`);
  return `linear-gradient(${direction}, ${stops.join(", ")})`;
}
