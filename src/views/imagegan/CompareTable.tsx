import { useQuality } from '../../store/quality';
import { formatShare } from '../format';

const f = (v: number | null, d = 2) => (v === null ? '—' : v.toFixed(d));

/**
 * The families side by side on the same classifier: the VAE's blurry-but-covering samples against a
 * GAN's sharp-but-collapsing ones (lectures 000 and 001), with the real test digits as the reference.
 */
export function CompareTable() {
  const rows = useQuality((s) => s.rows);
  const info = useQuality((s) => s.info);
  const list = Object.values(rows).sort((a, b) => a.model.localeCompare(b.model));
  return (
    <div className="table-scroll">
      <table className="compare-table" data-testid="img-compare">
        <caption className="small muted">
          Latest scores per model family{info ? ` (classifier ${info.key})` : ''}. Train a model here or in
          the VAE tab, then score it.
        </caption>
        <thead>
          <tr>
            <th>samples</th>
            <th>step</th>
            <th>MNIST score ↑</th>
            <th>Fréchet ↓</th>
            <th>class KL ↓</th>
            <th>classifier sure</th>
            <th title="share of the first 1,000 samples with an almost identical sample among them">
              near-copies
            </th>
          </tr>
        </thead>
        <tbody>
          {info && (
            <tr className="reference">
              <td>MNIST test digits (real)</td>
              <td>—</td>
              <td>{f(info.testScores.mnistScore)}</td>
              <td>0 (the reference)</td>
              <td>{f(info.testScores.classKl, 3)}</td>
              <td>{(100 * info.testScores.meanConfidence).toFixed(1)}%</td>
              <td>{formatShare(info.testScores.nearCopyShare)}</td>
            </tr>
          )}
          {list.map((r) => (
            <tr key={r.model} data-testid={`img-compare-row`} data-model={r.model}>
              <td>
                {r.model}
                {info && r.classifier !== info.key ? (
                  <span className="muted"> (other classifier)</span>
                ) : null}
              </td>
              <td>{r.step}</td>
              <td>{f(r.scores.mnistScore)}</td>
              <td>{f(r.scores.frechet)}</td>
              <td>{f(r.scores.classKl, 3)}</td>
              <td>{(100 * r.scores.meanConfidence).toFixed(1)}%</td>
              <td>{formatShare(r.scores.nearCopyShare)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
