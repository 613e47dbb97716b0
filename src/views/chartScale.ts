/**
 * The scale maths of the live canvas chart (LiveLines.tsx): axis domains and ticks as recharts computes
 * them for the same chart (so the axes do not jump when the chart switches between canvas and SVG), the
 * linear map from data to pixels and the plot area left inside the chart's margins.
 */

/** `x` with the floating-point noise of decimal arithmetic rounded away (0.30000000000000004 -> 0.3). */
function clean(x: number): number {
  return Number(x.toPrecision(12));
}

/** The number of digits before the decimal point (0 for 0.1..1, -1 for 0.01..0.1), as recharts counts. */
function digitCount(v: number): number {
  return v === 0 ? 1 : Math.floor(Math.log10(Math.abs(v))) + 1;
}

/**
 * recharts' tick step for a rough step: the rough step's leading digits rounded up to a multiple of 0.05
 * (0.1 for single-digit steps) of its next power of ten, plus `correction` such multiples; a whole number
 * when decimals are not allowed.
 */
export function tickStep(rough: number, integer: boolean, correction = 0): number {
  if (!(rough > 0)) return 0;
  const digits = digitCount(rough);
  const unit = 10 ** digits;
  const scale = digits !== 1 ? 0.05 : 0.1;
  const step = clean((Math.ceil(clean(rough / unit / scale)) + correction) * scale * unit);
  return integer ? Math.ceil(step) : step;
}

export interface Axis {
  /** The data range the axis spans (pixels map from it). */
  domain: [number, number];
  /** Values with a tick mark and a grid line, ascending. */
  ticks: number[];
}

/** recharts' ticks around a single value (a flat line): `count` ticks, the value near the middle one. */
function singleValueTicks(v: number, count: number): number[] {
  let step = 1;
  let middle = v;
  if (!Number.isInteger(v)) {
    if (Math.abs(v) < 1) {
      step = 10 ** (digitCount(v) - 1);
      middle = clean(Math.floor(v / step) * step);
    } else middle = Math.floor(v);
  } else if (v === 0) middle = Math.floor((count - 1) / 2);
  const mid = Math.floor((count - 1) / 2);
  return Array.from({ length: count }, (_, i) => clean(middle + (i - mid) * step));
}

/**
 * A value axis as recharts draws an 'auto' domain: exactly `count` ticks a nice step apart that cover
 * the data (0 among them when the data spans it), the domain running from the first tick to the last.
 */
export function autoAxis(min: number, max: number, count = 5): Axis {
  if (min === max) {
    const ticks = singleValueTicks(min, count);
    return { domain: [ticks[0]!, ticks[ticks.length - 1]!], ticks };
  }
  for (let correction = 0; ; correction++) {
    const step = tickStep((max - min) / (count - 1), false, correction);
    const middle = min <= 0 && max >= 0 ? 0 : clean((min + max) / 2 - (((min + max) / 2) % step));
    let below = Math.ceil(clean((middle - min) / step));
    let up = Math.ceil(clean((max - middle) / step));
    const n = below + up + 1;
    if (n > count) continue;
    if (max > 0) up += count - n;
    else below += count - n;
    const ticks = Array.from({ length: below + up + 1 }, (_, i) => clean(middle + (i - below) * step));
    return { domain: [ticks[0]!, ticks[ticks.length - 1]!], ticks };
  }
}

/**
 * A step axis as recharts draws a fixed [first step, last step] domain with whole-number ticks: the
 * first step, then a nice step further each time while short of the last, then the last step.
 */
export function dataAxis(min: number, max: number, count = 5): Axis {
  if (min === max) return { domain: [min - 1, max + 1], ticks: [min] };
  const step = tickStep((max - min) / (count - 1), true);
  const ticks: number[] = [];
  for (let v = min; v < max; v = clean(v + step)) ticks.push(Math.round(v));
  if (ticks[ticks.length - 1] !== Math.round(max)) ticks.push(Math.round(max));
  return { domain: [min, max], ticks };
}

/** The linear map sending `domain` onto `range` (pixels; a range may run downwards, as y does). */
export function linear(domain: [number, number], range: [number, number]): (v: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/** The value-axis tick text (the same as the recharts chart's). */
export function valueTick(v: number): string {
  return Math.abs(v) >= 10 ? v.toFixed(0) : v.toFixed(2);
}

/** recharts' layout of the same chart: margins, the top legend, the y-axis width, the x-axis height. */
export const LAYOUT = {
  margin: { top: 4, right: 12, bottom: 14, left: 0 },
  legend: 20,
  yAxis: 48,
  xAxis: 30,
  tickSize: 6,
  tickMargin: 2,
} as const;

export interface PlotArea {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The plot area inside a chart of `width` x `height` CSS pixels (empty, never negative, when too small). */
export function plotArea(width: number, height: number): PlotArea {
  const { margin, legend, yAxis, xAxis } = LAYOUT;
  const left = margin.left + yAxis;
  const top = margin.top + legend;
  return {
    left,
    top,
    width: Math.max(0, width - left - margin.right),
    height: Math.max(0, height - top - margin.bottom - xAxis),
  };
}
