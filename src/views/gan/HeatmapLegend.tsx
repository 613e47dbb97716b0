import { useGan } from '../../store/gan2d';
import { heatmapLegend } from './optimumText';

/** What the canvas background means for the objective shown (subscribes to those fields only). */
export function HeatmapLegend() {
  const loss = useGan((s) => s.snapshot?.loss);
  const fDivergence = useGan((s) => s.snapshot?.fDivergence);
  const pack = useGan((s) => s.snapshot?.pack);
  if (!loss || !fDivergence || !pack) return null;
  return <> · {heatmapLegend({ loss, fDivergence, pack })}</>;
}
