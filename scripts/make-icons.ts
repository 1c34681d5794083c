/**
 * Draws the Forum Papers icons and writes them to assets/icon-<size>.png.
 *
 * The glyph: a white paper sheet with a folded corner on a council-blue tile, a £ sign at the top
 * of the sheet and three rising bars below it. Shapes are described once in a unit square and
 * rasterised at each size with 4×4 supersampling, so every size is drawn from the same geometry
 * and the output is byte-for-byte the same on every run (no clocks, no randomness, no fonts).
 * Below 32 px the £ would be a smudge, so the 16 px icon shows the sheet and the bars only.
 *
 * Run: npx tsx scripts/make-icons.ts   (commit the PNGs it writes; a test checks they are current)
 */
import * as fs from "fs";
import * as path from "path";
import { PNG } from "pngjs";

/** The sizes the manifest names: 16/32/80 for ribbon buttons, 32/64 for IconUrl/HighResolutionIconUrl. */
export const ICON_SIZES = [16, 32, 64, 80] as const;

type Rgb = readonly [number, number, number];

/** Council-blue palette; white on navy is about 11:1, mid blue on white about 5:1. */
const NAVY: Rgb = [0x12, 0x3f, 0x73];
const WHITE: Rgb = [0xff, 0xff, 0xff];
const FOLD: Rgb = [0xb9, 0xcf, 0xe8];
const BAR: Rgb = [0x1f, 0x6f, 0xbf];

/** A shape: does the point (x, y) of the unit square (y downwards) lie inside it? */
type Shape = (x: number, y: number) => boolean;

function roundedRect(x0: number, y0: number, x1: number, y1: number, r: number): Shape {
  return (x, y) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    // Inside the rectangle; only the four corner squares need the circle test.
    const cx = Math.min(Math.max(x, x0 + r), x1 - r);
    const cy = Math.min(Math.max(y, y0 + r), y1 - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  };
}

function rect(x0: number, y0: number, x1: number, y1: number): Shape {
  return (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
}

/** A stroke of half-width w along the segment (ax, ay)–(bx, by), with round ends. */
function segment(ax: number, ay: number, bx: number, by: number, w: number): Shape {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  return (x, y) => {
    const t = Math.min(1, Math.max(0, ((x - ax) * dx + (y - ay) * dy) / len2));
    return (x - ax - t * dx) ** 2 + (y - ay - t * dy) ** 2 <= w * w;
  };
}

/**
 * A stroke of half-width w along the circle arc centred (cx, cy), radius r, from angle a0 to a1
 * (radians, measured clockwise from +x because y points down), with round ends.
 */
function arc(cx: number, cy: number, r: number, a0: number, a1: number, w: number): Shape {
  const capA = dot(cx + r * Math.cos(a0), cy + r * Math.sin(a0), w);
  const capB = dot(cx + r * Math.cos(a1), cy + r * Math.sin(a1), w);
  return (x, y) => {
    let a = Math.atan2(y - cy, x - cx);
    while (a < a0) a += 2 * Math.PI;
    if (a <= a1 && Math.abs(Math.hypot(x - cx, y - cy) - r) <= w) return true;
    return capA(x, y) || capB(x, y);
  };
}

function dot(cx: number, cy: number, r: number): Shape {
  return (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function union(...shapes: Shape[]): Shape {
  return (x, y) => shapes.some((s) => s(x, y));
}

/** The £ glyph inside the box (x0, y0)–(x0 + s, y0 + s). */
function pound(x0: number, y0: number, s: number, w: number): Shape {
  const X = (u: number) => x0 + u * s;
  const Y = (v: number) => y0 + v * s;
  return union(
    // The hook: an arc over the top, from the stem round to the right-hand tail.
    arc(X(0.55), Y(0.3), 0.25 * s, Math.PI, 2 * Math.PI - 0.35, w),
    // The stem, from the hook down to the base.
    segment(X(0.3), Y(0.3), X(0.3), Y(0.9), w),
    // The crossbar.
    segment(X(0.1), Y(0.58), X(0.62), Y(0.58), w),
    // The base.
    segment(X(0.12), Y(0.92), X(0.88), Y(0.92), w),
  );
}

/** Layers from back to front: later layers paint over earlier ones. */
function layers(size: number): Array<[Shape, Rgb]> {
  const sheet: Shape = (x, y) => rect(0.22, 0.12, 0.78, 0.88)(x, y) && x - 0.62 <= y - 0.12;
  const fold: Shape = (x, y) => rect(0.62, 0.12, 0.78, 0.28)(x, y) && x - 0.62 <= y - 0.12;
  const withPound = size >= 32;
  // With the £ above them the bars sit lower and shorter; alone they fill the sheet.
  const base = 0.8;
  const top = withPound ? 0.56 : 0.3;
  const heights = [0.45, 0.7, 1];
  const bars = heights.map((h, i) => rect(0.3 + i * 0.14, base - h * (base - top), 0.39 + i * 0.14, base));
  const out: Array<[Shape, Rgb]> = [
    [roundedRect(0, 0, 1, 1, 0.16), NAVY],
    [sheet, WHITE],
    [fold, FOLD],
    [union(...bars), BAR],
  ];
  if (withPound) out.push([pound(0.29, 0.17, 0.3, 0.035), NAVY]);
  return out;
}

const SUPERSAMPLE = 4;

/** Renders the icon at size × size pixels and returns the PNG file bytes. */
export function renderIcon(size: number): Buffer {
  const png = new PNG({ width: size, height: size });
  const stack = layers(size);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const x = (px + (sx + 0.5) / SUPERSAMPLE) / size;
          const y = (py + (sy + 0.5) / SUPERSAMPLE) / size;
          let colour: Rgb | undefined;
          for (const [shape, c] of stack) if (shape(x, y)) colour = c;
          if (colour) {
            r += colour[0];
            g += colour[1];
            b += colour[2];
            a += 1;
          }
        }
      }
      const i = (py * size + px) * 4;
      // Average colour over the covered samples, coverage as alpha (transparent outside the tile).
      png.data[i] = a ? Math.round(r / a) : 0;
      png.data[i + 1] = a ? Math.round(g / a) : 0;
      png.data[i + 2] = a ? Math.round(b / a) : 0;
      png.data[i + 3] = Math.round((255 * a) / (SUPERSAMPLE * SUPERSAMPLE));
    }
  }
  return PNG.sync.write(png, { colorType: 6 });
}

/** The file each size is written to. */
export function iconPath(size: number, dir = path.resolve(__dirname, "../assets")): string {
  return path.join(dir, `icon-${size}.png`);
}

if (require.main === module) {
  for (const size of ICON_SIZES) {
    const file = iconPath(size);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, renderIcon(size));
    console.log(`wrote ${path.relative(process.cwd(), file)} (${size}×${size})`);
  }
}
