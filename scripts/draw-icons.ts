/**
 * Draws the Teams app icons: appPackage/color.png (192×192, a white shield with a check on the accent colour) and
 * appPackage/outline.png (32×32, the same shield in white on transparent, as Teams asks). Run: npx tsx scripts/draw-icons.ts
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';

type Rgba = readonly [number, number, number, number];
/** Coverage of a pixel-sized sample point in [-1, 1]² for each layer, painted bottom to top. */
type Layer = { inside: (u: number, v: number) => boolean; color: Rgba };

const ACCENT: Rgba = [0x0f, 0x6c, 0xbd, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const SAMPLES = 4;

/** A shield: straight sides, then a rounded point at the bottom. */
function shield(scale: number): (u: number, v: number) => boolean {
  return (u, v) => {
    const x = u / scale;
    const y = v / scale;
    if (y < -0.8 || y > 0.9) return false;
    const half = y <= 0.1 ? 0.68 : 0.68 * Math.sqrt(Math.max(0, 1 - ((y - 0.1) / 0.8) ** 2));
    return Math.abs(x) <= half;
  };
}

function nearSegment(u: number, v: number, a: [number, number], b: [number, number], width: number): boolean {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const t = Math.max(0, Math.min(1, ((u - a[0]) * dx + (v - a[1]) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(u - (a[0] + t * dx), v - (a[1] + t * dy)) <= width;
}

function check(width: number, scale = 1): (u: number, v: number) => boolean {
  const p = (x: number, y: number): [number, number] => [x * scale, y * scale];
  return (u, v) =>
    nearSegment(u, v, p(-0.32, 0.02), p(-0.08, 0.28), width) ||
    nearSegment(u, v, p(-0.08, 0.28), p(0.36, -0.26), width);
}

function roundedSquare(radius: number): (u: number, v: number) => boolean {
  return (u, v) => {
    const [x, y] = [Math.max(Math.abs(u) - (1 - radius), 0), Math.max(Math.abs(v) - (1 - radius), 0)];
    return Math.hypot(x, y) <= radius;
  };
}

function draw(size: number, layers: readonly Layer[]): Buffer {
  const png = new PNG({ width: size, height: size });
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const u = ((px + (sx + 0.5) / SAMPLES) / size) * 2 - 1;
          const v = ((py + (sy + 0.5) / SAMPLES) / size) * 2 - 1;
          let color: Rgba = [0, 0, 0, 0];
          for (const layer of layers) if (layer.inside(u, v)) color = layer.color;
          // Premultiplied, so edges against transparency do not darken.
          sum[0] += (color[0] * color[3]) / 255;
          sum[1] += (color[1] * color[3]) / 255;
          sum[2] += (color[2] * color[3]) / 255;
          sum[3] += color[3];
        }
      }
      const n = SAMPLES * SAMPLES;
      const alpha = sum[3] / n;
      const at = (py * size + px) * 4;
      for (let c = 0; c < 3; c++) png.data[at + c] = alpha === 0 ? 0 : Math.round(((sum[c] / n) * 255) / alpha);
      png.data[at + 3] = Math.round(alpha);
    }
  }
  return PNG.sync.write(png);
}

const out = path.join(__dirname, '..', 'appPackage');
const color = draw(192, [
  { inside: roundedSquare(0.22), color: ACCENT },
  { inside: shield(0.78), color: WHITE },
  { inside: check(0.085, 0.78), color: ACCENT },
]);
const outerShield = shield(0.92);
const innerShield = shield(0.7);
const outline = draw(32, [
  { inside: (u, v) => outerShield(u, v) && !innerShield(u, v), color: WHITE },
  { inside: check(0.1, 0.92), color: WHITE },
]);
writeFileSync(path.join(out, 'color.png'), color);
writeFileSync(path.join(out, 'outline.png'), outline);
