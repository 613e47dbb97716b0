import { useCallback, useEffect, useState } from 'react';
import { bootGanEngine, useGan, type GanLayer } from '../../store/gan2d';
import { DStarPanel } from './DStarPanel';
import { GanCanvas } from './GanCanvas';
import { GanCharts } from './GanCharts';
import { GanControls } from './GanControls';
import { GanSettings } from './GanSettings';
import { HeatmapLegend } from './HeatmapLegend';
import { ModeCounter } from './ModeCounter';
import { SlowMotion } from './SlowMotion';
import './gan.css';

/** The 2-D GAN lab: pick data and objective, watch D's surface, G's gradients and the modes it covers. */
export function GanLab() {
  useEffect(() => bootGanEngine(), []);
  const [highlight, setHighlight] = useState<GanLayer | null>(null);
  const [drawMode, setDrawMode] = useState(false);
  const [drawn, setDrawn] = useState<number[]>([]);
  const onHighlight = useCallback((l: GanLayer | null) => setHighlight(l), []);
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
          <div className="panel">
            <GanCanvas highlight={highlight} drawMode={drawMode} drawn={drawn} onDraw={setDrawn} />
            <p className="small muted legend">
              <span className="dot real" /> real <span className="dot fake" /> generated
              <HeatmapLegend /> · arrows: where G's loss pushes each fake
              {drawMode && ' · drawing: drag on the plot to add data points'}
            </p>
          </div>
          <div className="gan-side">
            <ModeCounter />
            <SlowMotion onHighlight={onHighlight} />
            <DStarPanel />
          </div>
        </div>
        <GanCharts />
      </section>
    </div>
  );
}
