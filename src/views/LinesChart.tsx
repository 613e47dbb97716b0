import { memo, useCallback, useDeferredValue, useMemo, useRef, useState, type ReactNode } from 'react';
import { valueTick } from './chartScale';
import { ExportButtons } from './ExportButtons';
import { linesCsv, slug, svgPng } from './exportFile';
import { decimate, LIVE_CHART_POINTS, useOnScreen, useThrottled } from './liveChart';
import { chartStyle, linesPng, LiveLines } from './LiveLines';
import { useCanvasTurn } from './svgQueue';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

/** One line of a chart: points with a `step` and the field named by `key`. */
export interface LineSpec {
  name: string;
  colour: string;
  data: readonly { step: number }[];
  key: string;
  width?: number;
  dots?: boolean;
}

const Body = memo(function Body(props: { lines: LineSpec[]; height: number; xLabel: string }) {
  return (
    <ResponsiveContainer width="100%" height={props.height}>
      <LineChart margin={{ top: 4, right: 12, bottom: 14, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
        <XAxis
          dataKey="step"
          type="number"
          domain={['dataMin', 'dataMax']}
          tickCount={5}
          allowDecimals={false}
          label={{ value: props.xLabel, position: 'insideBottom', offset: -10, fontSize: 11 }}
        />
        <YAxis domain={['auto', 'auto']} width={48} tickFormatter={valueTick} />
        <Tooltip
          formatter={(v) => (typeof v === 'number' ? v.toFixed(3) : String(v))}
          labelFormatter={(s) => `step ${Math.round(Number(s))}`}
        />
        <Legend verticalAlign="top" height={20} iconSize={10} />
        {props.lines.map((l) => (
          <Line
            key={l.name}
            data={l.data as { step: number }[]}
            dataKey={l.key}
            name={l.name}
            stroke={l.colour}
            strokeWidth={l.width ?? 1.5}
            dot={l.dots ? { r: 3 } : false}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
});

/**
 * A line chart over training steps. While `live` (a run is streaming points into it) it is drawn on a
 * canvas (LiveLines.tsx: the same axes, legend and colours, no tooltip) at most once a second, only while
 * on screen, with at most LIVE_CHART_POINTS points per line (liveChart.ts): a recharts SVG commit is a
 * long main-thread task. Otherwise (paused, finished, not a live chart) it is the full recharts chart,
 * with tooltips and every point. Export and data-points always use the full data.
 */
export function LinesChart(props: {
  title: ReactNode;
  lines: LineSpec[];
  testId: string;
  height?: number;
  /** Number reported as data-points (tests read it); defaults to the first line's length. */
  points?: number;
  /** What the x axis counts (every chart here is over training steps). */
  xLabel?: string;
  /** Shown over the empty plot until a line has a point. */
  empty?: ReactNode;
  /** Download names start with this (default: the test id). */
  exportName?: string;
  /** A run is streaming points in: redraw at most once a second, while on screen, decimated. */
  live?: boolean;
}) {
  const live = props.live ?? false;
  const body = useRef<HTMLDivElement | null>(null);
  const [watch, onScreen] = useOnScreen();
  const bodyRef = useCallback(
    (el: HTMLDivElement | null) => {
      body.current = el;
      watch(el);
    },
    [watch],
  );
  const shown = useThrottled(props.lines, live, onScreen);
  const drawn = useMemo(
    () => (live ? shown.map((l) => ({ ...l, data: decimate(l.data, LIVE_CHART_POINTS) })) : shown),
    [shown, live],
  );
  const lines = useDeferredValue(drawn);
  // Onto the canvas when a run starts and back to the SVG chart when it stops, the page's charts taking
  // turns (one switch per idle period, ./svgQueue.ts).
  const canvas = useCanvasTurn(live);
  // The SVG chart, once built, stays mounted under the canvas while live, hidden and not redrawn (its
  // lines stay as they were), so that starting a run does not tear it down nor stopping one rebuild it;
  // while a live chart waits for its turn to go onto the canvas, the SVG keeps its lines too.
  const [svgLines, setSvgLines] = useState(lines);
  if (!canvas && !live && svgLines !== lines) setSvgLines(lines);
  const [svgBuilt, setSvgBuilt] = useState(!canvas);
  if (!canvas && !svgBuilt) setSvgBuilt(true);
  const blank = props.lines.every((l) => l.data.length === 0);
  const name = props.exportName ?? slug(props.testId);
  const height = props.height ?? 190;
  const xLabel = props.xLabel ?? 'training step';
  const png = () => {
    const c = canvas ? body.current?.querySelector('canvas') : null;
    if (c) return linesPng(props.lines, c.clientWidth, height, xLabel, chartStyle(c));
    const el = body.current?.querySelector<SVGSVGElement>('svg.recharts-surface');
    if (!el) return Promise.reject(new Error('the chart has not been drawn yet'));
    return svgPng(el);
  };
  return (
    <figure
      className="chart"
      data-testid={props.testId}
      data-points={props.points ?? props.lines[0]?.data.length ?? 0}
    >
      <figcaption>
        {props.title}
        <span className="chart-tools">
          <ExportButtons
            name={name}
            label={`${name} chart`}
            png={png}
            csv={() => linesCsv(props.lines)}
            testId={`${props.testId}-export`}
          />
        </span>
      </figcaption>
      <div className="chart-body" ref={bodyRef}>
        {svgBuilt && (
          <div style={canvas ? { visibility: 'hidden' } : undefined}>
            <Body lines={svgLines} height={height} xLabel={xLabel} />
          </div>
        )}
        {canvas && (
          <div style={svgBuilt ? { position: 'absolute', top: 0, left: 0, right: 0 } : undefined}>
            <LiveLines
              lines={drawn}
              height={height}
              xLabel={xLabel}
              label={`${name} chart`}
              testId={`${props.testId}-live`}
            />
          </div>
        )}
        {blank && (
          <p className="chart-empty small muted" data-testid={`${props.testId}-empty`}>
            {props.empty ?? 'No data yet: press Start (or Step) to train.'}
          </p>
        )}
      </div>
    </figure>
  );
}
