// Face drawing: SVG paths from landmarks and the face topology. Shared by every view
// that shows faces (the panel, the tooltip, later the face map and the face legend).
//
// Landmarks are in the model's reference frame: x about -0.5..0.5, y likewise, y grows
// downward like SVG's, so no flip is needed.

import type { Topology, TopologyPart } from "./protocol";

const SVG_NS = "http://www.w3.org/2000/svg";

/** A viewBox [x, y, width, height] shared by several faces so their sizes compare. */
export type Box = [number, number, number, number];

/** The default box when no faces are known yet. */
export const DEFAULT_BOX: Box = [-0.65, -0.7, 1.3, 1.4];

function fmt(v: number): string {
  return Number.isFinite(v) ? v.toFixed(4) : "0";
}

/** Path data of one part of face number `face` in `coords` (faces one after another). */
function partPathData(coords: Float32Array, face: number, part: TopologyPart, nPoints: number): string {
  const base = face * nPoints * 2;
  const out: string[] = [];
  for (let i = part.start; i < part.stop; i++) {
    out.push(`${i === part.start ? "M" : "L"}${fmt(coords[base + 2 * i])} ${fmt(coords[base + 2 * i + 1])}`);
  }
  if (part.closed) out.push("Z");
  return out.join("");
}

function drawable(topology: Topology): TopologyPart[] {
  return topology.parts.filter((part) => part.stop - part.start >= 2);
}

/** One path element per part (so parts can be styled apart), named by `data-part`. */
export function facePaths(coords: Float32Array, face: number, topology: Topology): SVGPathElement[] {
  return drawable(topology).map((part) => {
    const path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", partPathData(coords, face, part, topology.n_points));
    path.setAttribute("data-part", part.name);
    return path;
  });
}

/** The bounding box of `count` faces, with a margin, as a square-ish viewBox. */
export function boundsOf(coords: Float32Array, count: number, topology: Topology): Box {
  const n = topology.n_points;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let k = 0; k < count * n; k++) {
    const x = coords[2 * k];
    const y = coords[2 * k + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  if (!(maxX > minX && maxY > minY)) return DEFAULT_BOX;
  const size = Math.max(maxX - minX, maxY - minY) * 1.08;
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  return [cx - size / 2, cy - size / 2, size, size];
}

/** An <svg> showing one face, scaled into `box`. */
export function faceSvg(coords: Float32Array, face: number, topology: Topology, box: Box = DEFAULT_BOX): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", box.map(fmt).join(" "));
  svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
  svg.setAttribute("class", "v2f-face-svg");
  svg.setAttribute("role", "img");
  for (const path of facePaths(coords, face, topology)) svg.appendChild(path);
  return svg;
}

/**
 * One Path2D per drawable part of face number `face` (for canvas drawing), jaw first.
 * `step` > 1 keeps every step-th landmark of a part (and its last): for faces drawn a few
 * dozen pixels wide, where neighbouring landmarks lie within a pixel of each other.
 */
export function facePaths2d(
  coords: Float32Array,
  face: number,
  topology: Topology,
  step = 1,
): { name: string; path: Path2D }[] {
  const base = face * topology.n_points * 2;
  return drawable(topology).map((part) => {
    const path = new Path2D();
    const last = part.stop - 1;
    path.moveTo(coords[base + 2 * part.start], coords[base + 2 * part.start + 1]);
    for (let i = part.start + step; i < last + step; i += step) {
      const k = Math.min(i, last); // the part's last landmark always ends it
      path.lineTo(coords[base + 2 * k], coords[base + 2 * k + 1]);
    }
    if (part.closed) path.closePath();
    return { name: part.name, path };
  });
}
