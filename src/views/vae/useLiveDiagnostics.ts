import { useLab } from '../../store/lab';
import { LIVE_CHART_MS, useOnScreen, useThrottled } from '../liveChart';

/**
 * The VAE's latest diagnostics for a panel, with the ref the panel puts on its element: while training
 * they are taken at most once a second and only while that element is on screen (liveChart.ts).
 */
export function useLiveDiagnostics() {
  const [panel, onScreen] = useOnScreen();
  const running = useLab((s) => s.status === 'running');
  const diag = useThrottled(
    useLab((s) => s.snapshot?.extras?.diagnostics ?? null),
    running,
    onScreen,
    LIVE_CHART_MS,
  );
  return [panel, diag] as const;
}
