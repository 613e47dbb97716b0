import { METHOD_LABELS, METHODS } from '../../core/constraints/run';
import { useConstraints } from '../../store/constraints';

const NO_ROWS: never[] = [];

/** One row per method, filled in as each model finishes training. */
export function ResultsTable() {
  const rows = useConstraints((s) => s.snapshot?.rows ?? NO_ROWS);
  return (
    <table className="constraints-table" data-testid="constraints-table" data-rows={rows.length}>
      <thead>
        <tr>
          <th>method</th>
          <th title="share of the samples inside the constraint set C">feasible</th>
          <th title="maximum mean discrepancy to the grid target (Gaussian kernel, bandwidth 0.2)">
            MMD to π
          </th>
          <th title="target modes captured (GAN lab rule: a sample within 3 sigma of the mode)">modes</th>
          <th title="share of the samples within 3 sigma of a target mode (high quality on a feasible mode)">
            on modes
          </th>
          <th title="forward passes of the generator (G, or the VAE decoder) per delivered sample; (c) includes the codes drawn to fit its prior">
            cost
          </th>
        </tr>
      </thead>
      <tbody>
        {METHODS.map((m) => {
          const r = rows.find((x) => x.method === m);
          return (
            <tr key={m} data-testid={`constraints-row-${m}`} data-done={r ? 'true' : 'false'}>
              <td>{METHOD_LABELS[m]}</td>
              <td>{r ? (r.n > 0 ? `${(100 * r.feasibility).toFixed(1)} %` : 'no sample') : '…'}</td>
              <td>{r ? (r.n > 1 ? r.divergence.toFixed(3) : '—') : '…'}</td>
              <td>
                {r ? (r.modes_captured === null ? '—' : `${r.modes_captured} / ${r.modes_total}`) : '…'}
              </td>
              <td>{r ? (r.hq === null ? '—' : `${(100 * r.hq).toFixed(1)} %`) : '…'}</td>
              <td>{r ? (Number.isFinite(r.cost) ? r.cost.toFixed(1) : 'no sample accepted') : '…'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
