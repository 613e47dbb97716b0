import { useCallback, useEffect, useState } from 'react';
import { bootGanEngine, useGan } from '../../store/gan2d';
import { DStarPanel } from './DStarPanel';
import { GanCanvas } from './GanCanvas';
import { GanCanvasSummary } from './GanCanvasSummary';
import { GanCharts } from './GanCharts';
import { GanControls } from './GanControls';
import { GanSettings } from './GanSettings';
import { HeatmapLegend } from './HeatmapLegend';
import { ModeBars } from './ModeBars';
import { ModeCounter } from './ModeCounter';
import { SlowMotion, type SlowMotionStage } from './SlowMotion';
import './gan.css';

/** The 2-D GAN lab: pick data and objective, watch D's surface, G's gradients and the modes it covers. */
export function GanLab() {
  useEffect(() => bootGanEngine(), []);
  const [stage, setStage] = useState<SlowMotionStage | null>(null);
  const [drawMode, setDrawMode] = useState(false);
  const [drawn, setDrawn] = useState<number[]>([]);
  const onStage = useCallback((s: SlowMotionStage | null) => setStage(s), []);
  const status = useGan((s) => s.status);
  return (
    <div className="lab gan-lab">
      <aside className="sidebar panel">
        <GanControls />
        <GanSettings
          drawMode={drawMode}
          setDrawMode={setDrawMode}
          drawn={drawn}
          clearDrawn={() => setDrawn([])}
        />
      </aside>
      <section className="content">
        {status === 'loading' && <p className="muted">Starting the GAN engine…</p>}
        <div className="gan-top">
          <div className="panel gan-canvas-panel">
            <div className="gan-canvas-wrap">
              <GanCanvas
                highlight={stage?.layer ?? null}
                drawMode={drawMode}
                drawn={drawn}
                onDraw={setDrawn}
              />
              {stage && (
                <div
                  className="slowmo-badge"
                  data-testid="slowmo-badge"
                  data-stage={stage.index}
                  aria-hidden="true"
                >
                  {stage.label}
                </div>
              )}
            </div>
            <p className="small muted legend">
              <span className="nowrap">
                <span className="dot real" /> real
              </span>{' '}
              <span className="nowrap">
                <span className="dot fake" /> generated
              </span>{' '}
              <HeatmapLegend /> · arrows: where G's loss pushes each fake
              {drawMode && ' · drawing: drag on the plot to add data points'}
            </p>
            <GanCanvasSummary />
          </div>
          <div className="gan-side">
            <ModeCounter />
            <ModeBars />
            <SlowMotion onStage={onStage} />
            <DStarPanel />
          </div>
        </div>
        <GanCharts />
      </section>
    </div>
  );
}
