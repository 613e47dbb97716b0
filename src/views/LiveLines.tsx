import { useEffect, useRef, useState } from 'react';
import { autoAxis, dataAxis, LAYOUT, linear, plotArea, valueTick } from './chartScale';
import type { LineSpec } from './LinesChart';
import { hiDpiContext } from './hiDpi';

/** Colours and fonts of the chart, read from the page (they follow the theme, light or dark). */
export interface ChartStyle {
  /** Tick and axis-label text (the theme's --muted). */
  text: string;
  font: string;
  /** Tick text size in CSS pixels (recharts' ticks take the page's font size). */
  fontSize: number;
  /** The background a PNG is painted on (the theme's --surface). */
  surface: string;
}

/** recharts' defaults, as the SVG chart draws them. */
const AXIS = '#666';
const GRID = '#e5e7eb';
const DOT_FILL = '#fff';

export function chartStyle(el: Element): ChartStyle {
  const cs = getComputedStyle(el);
  return {
    text: cs.getPropertyValue('--muted').trim() || AXIS,
    font: cs.fontFamily || 'sans-serif',
    fontSize: parseFloat(cs.fontSize) || 16,
    surface: cs.getPropertyValue('--surface').trim() || '#ffffff',
  };
}

const valueOf = (p: { step: number }, key: string) => (p as unknown as Record<string, number>)[key]!;

/** The x (step) and y ranges over every finite point of every line, or null when there is none. */
function extent(lines: readonly LineSpec[]): { x: [number, number]; y: [number, number] } | null {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const l of lines) {
    for (const p of l.data) {
      const v = valueOf(p, l.key);
      if (!Number.isFinite(v) || !Number.isFinite(p.step)) continue;
      x0 = Math.min(x0, p.step);
      x1 = Math.max(x1, p.step);
      y0 = Math.min(y0, v);
      y1 = Math.max(y1, v);
    }
  }
  return x0 <= x1 ? { x: [x0, x1], y: [y0, y1] } : null;
}

/**
 * The x ticks whose labels fit and where their labels go, as recharts' default ('preserveEnd') places
 * them: the last label always, moved left to end at the plot's right edge if it would overhang; then,
 * going left, each label that clears the last one kept by 5 px.
 */
function visibleTicks(
  ctx: CanvasRenderingContext2D,
  ticks: number[],
  sx: (v: number) => number,
  right: number,
): { t: number; x: number }[] {
  const kept: { t: number; x: number }[] = [];
  let edge = Infinity;
  for (let i = ticks.length - 1; i >= 0; i--) {
    const half = ctx.measureText(String(ticks[i])).width / 2;
    const x = i === ticks.length - 1 ? Math.min(sx(ticks[i]!), right - half) : sx(ticks[i]!);
    if (x + half + 5 > edge) continue;
    kept.unshift({ t: ticks[i]!, x });
    edge = x - half;
  }
  return kept;
}

/** The legend along the top, centred, as recharts lays it out: a line icon and the name in its colour. */
function paintLegend(ctx: CanvasRenderingContext2D, lines: readonly LineSpec[], width: number, font: string) {
  const { margin } = LAYOUT;
  ctx.font = `11px ${font}`;
  ctx.textBaseline = 'middle';
  // recharts sorts the legend by name.
  const sorted = [...lines].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const items = sorted.map((l) => ({ l, w: 10 + 4 + ctx.measureText(l.name).width }));
  const total = items.reduce((a, it) => a + it.w + 10, 0) - 10;
  let x = margin.left + Math.max(0, (width - margin.left - margin.right - total) / 2);
  const y = margin.top + 8;
  for (const { l, w } of items) {
    ctx.strokeStyle = l.colour;
    ctx.lineWidth = 1.25;
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(x + 3.33, y);
    ctx.moveTo(x + 6.67, y);
    ctx.lineTo(x + 10, y);
    ctx.moveTo(x + 6.67, y);
    ctx.arc(x + 5, y, 1.67, 0, 2 * Math.PI);
    ctx.stroke();
    ctx.fillStyle = l.colour;
    ctx.textAlign = 'left';
    ctx.fillText(l.name, x + 14, y);
    x += w + 10;
  }
}

/**
 * Draw `lines` as the recharts chart does (grid, axes with ticks, legend, x-axis label, lines, dots) on
 * a 2-D context already scaled to CSS pixels, over a `width` x `height` chart.
 */
export function paintLines(
  ctx: CanvasRenderingContext2D,
  lines: readonly LineSpec[],
  width: number,
  height: number,
  xLabel: string,
  style: ChartStyle,
): void {
  const area = plotArea(width, height);
  const { tickSize, tickMargin } = LAYOUT;
  const bottom = area.top + area.height;
  const right = area.left + area.width;
  const ext = extent(lines);
  const xa = ext ? dataAxis(ext.x[0], ext.x[1]) : { domain: [0, 1] as [number, number], ticks: [] };
  const ya = ext ? autoAxis(ext.y[0], ext.y[1]) : { domain: [0, 1] as [number, number], ticks: [] };
  const sx = linear(xa.domain, [area.left, right]);
  const sy = linear(ya.domain, [bottom, area.top]);

  // Grid (dashed, at every tick), then the axes with their ticks.
  ctx.lineWidth = 1;
  ctx.strokeStyle = GRID;
  ctx.setLineDash([3, 3]);
  ctx.beginPath();
  for (const t of ya.ticks) {
    ctx.moveTo(area.left, Math.round(sy(t)) + 0.5);
    ctx.lineTo(right, Math.round(sy(t)) + 0.5);
  }
  for (const t of xa.ticks) {
    ctx.moveTo(Math.round(sx(t)) + 0.5, area.top);
    ctx.lineTo(Math.round(sx(t)) + 0.5, bottom);
  }
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.strokeStyle = AXIS;
  ctx.beginPath();
  ctx.moveTo(area.left, bottom + 0.5);
  ctx.lineTo(right, bottom + 0.5);
  ctx.moveTo(area.left - 0.5, area.top);
  ctx.lineTo(area.left - 0.5, bottom);
  for (const t of xa.ticks) {
    ctx.moveTo(Math.round(sx(t)) + 0.5, bottom);
    ctx.lineTo(Math.round(sx(t)) + 0.5, bottom + tickSize);
  }
  for (const t of ya.ticks) {
    ctx.moveTo(area.left - tickSize, Math.round(sy(t)) + 0.5);
    ctx.lineTo(area.left, Math.round(sy(t)) + 0.5);
  }
  ctx.stroke();
  ctx.fillStyle = style.text;
  ctx.font = `${style.fontSize}px ${style.font}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const { t, x } of visibleTicks(ctx, xa.ticks, sx, right)) {
    ctx.fillText(String(t), x, bottom + tickSize + tickMargin);
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of ya.ticks) ctx.fillText(valueTick(t), area.left - tickSize - tickMargin, sy(t));
  ctx.font = `11px ${style.font}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText(xLabel, area.left + area.width / 2, height - 2);

  // The lines (broken where a value is not finite), then the dots of lines that have them.
  ctx.lineJoin = 'round';
  for (const l of lines) {
    ctx.strokeStyle = l.colour;
    ctx.lineWidth = l.width ?? 1.5;
    ctx.beginPath();
    let pen = false;
    for (const p of l.data) {
      const v = valueOf(p, l.key);
      if (!Number.isFinite(v)) {
        pen = false;
        continue;
      }
      if (pen) ctx.lineTo(sx(p.step), sy(v));
      else ctx.moveTo(sx(p.step), sy(v));
      pen = true;
    }
    ctx.stroke();
    if (!l.dots) continue;
    ctx.fillStyle = DOT_FILL;
    for (const p of l.data) {
      const v = valueOf(p, l.key);
      if (!Number.isFinite(v)) continue;
      ctx.beginPath();
      ctx.arc(sx(p.step), sy(v), 3, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
    }
  }
  paintLegend(ctx, lines, width, style.font);
}

/** A PNG of `lines` drawn at `scale` times `width` x `height`, on the page's surface colour. */
export function linesPng(
  lines: readonly LineSpec[],
  width: number,
  height: number,
  xLabel: string,
  style: ChartStyle,
  scale = 2,
): Promise<Blob> {
  const c = document.createElement('canvas');
  c.width = Math.ceil(width * scale);
  c.height = Math.ceil(height * scale);
  const ctx = c.getContext('2d')!;
  ctx.fillStyle = style.surface;
  ctx.fillRect(0, 0, c.width, c.height);
  ctx.scale(scale, scale);
  paintLines(ctx, lines, width, height, xLabel, style);
  return new Promise((resolve, reject) =>
    c.toBlob((b) => (b ? resolve(b) : reject(new Error('the browser could not encode a PNG'))), 'image/png'),
  );
}

/** What the canvas shows, in words (its accessible name): each line's newest value and the last step. */
export function linesSummary(label: string, lines: readonly LineSpec[]): string {
  const parts: string[] = [];
  let step = -Infinity;
  for (const l of lines) {
    const last = l.data[l.data.length - 1];
    if (!last) continue;
    step = Math.max(step, last.step);
    const v = valueOf(last, l.key);
    parts.push(`${l.name} ${Number.isFinite(v) ? valueTick(v) : 'not a number'}`);
  }
  if (parts.length === 0) return `${label}: live chart, no points yet`;
  return `${label}: live chart, at step ${Math.round(step)}: ${parts.join(', ')}`;
}

/**
 * The chart's lines on one <canvas>, drawn in a millisecond or two where the recharts SVG takes a long
 * main-thread task (LinesChart shows this while a run streams points in). Fills its container's width.
 */
export function LiveLines(props: {
  lines: readonly LineSpec[];
  height: number;
  xLabel: string;
  label: string;
  testId: string;
}) {
  const { lines, height, xLabel, label, testId } = props;
  const ref = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    setWidth(c.clientWidth);
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setWidth(c.clientWidth));
    ro.observe(c);
    return () => ro.disconnect();
  }, []);
  useEffect(() => {
    const c = ref.current;
    if (!c || width <= 0) return;
    const ctx = hiDpiContext(c, width, height);
    if (!ctx) return;
    ctx.clearRect(0, 0, width, height);
    paintLines(ctx, lines, width, height, xLabel, chartStyle(c));
  }, [lines, width, height, xLabel]);
  return (
    <canvas
      ref={ref}
      className="live-lines"
      style={{ width: '100%', height, display: 'block' }}
      role="img"
      aria-label={linesSummary(label, lines)}
      data-testid={testId}
    />
  );
}
