import { useEffect, useMemo, useState } from 'react';
import { runsActions, useRuns, type LabKind } from '../../store/runs';
import { useGan } from '../../store/gan2d';
import { pushNotice, useLab } from '../../store/lab';
import { checkUploadSize } from '../../config/validate';
import { download } from '../exportFile';
import { CompareRuns } from './CompareRuns';
import { currentThumbnail } from './thumbnail';

function Thumb({ png, alt }: { png: Uint8Array | null; alt: string }) {
  const url = useMemo(
    () => (png ? URL.createObjectURL(new Blob([png as BlobPart], { type: 'image/png' })) : null),
    [png],
  );
  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);
  return url ? <img src={url} alt={alt} /> : <span className="small muted">no picture</span>;
}

function NameCell({ id, name }: { id: string; name: string }) {
  const [text, setText] = useState(name);
  const commit = () => text.trim() && text !== name && void runsActions.rename(id, text.trim());
  return (
    <input
      value={text}
      aria-label={`name of the saved run ${name}`}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
      data-testid={`run-name-${id}`}
    />
  );
}

/** Saved runs: save the run in view, list, rename, delete, reload and continue, export and import files. */
export function RunsTab() {
  const list = useRuns((s) => s.list);
  const busy = useRuns((s) => s.busy);
  const compare = useRuns((s) => s.compare);
  const vaeStep = useLab((s) => s.progress?.step ?? 0);
  const vaeBeta = useLab((s) => s.applied.objective.beta);
  const ganStep = useGan((s) => s.snapshot?.step ?? 0);
  const ganLoss = useGan((s) => s.config.objective.loss);
  const [kind, setKind] = useState<LabKind>('vae');
  const [name, setName] = useState('');
  useEffect(() => void runsActions.refresh(), []);
  const suggested = kind === 'vae' ? `VAE β=${vaeBeta} step ${vaeStep}` : `GAN ${ganLoss} step ${ganStep}`;
  const save = async () => {
    await runsActions.save(kind, name.trim() || suggested, await currentThumbnail(kind));
    setName('');
  };
  const onImport = async (file: File | undefined) => {
    if (!file) return;
    const big = checkUploadSize('run-file', file.name, file.size);
    if (big) return pushNotice('error', `Could not import ${file.name}: ${big.message}.`);
    await runsActions.importFile(file.name, new Uint8Array(await file.arrayBuffer()));
  };
  return (
    <div className="runs-layout">
      <section className="panel" aria-labelledby="runs-save-title">
        <h2 id="runs-save-title">Save a run</h2>
        <div className="controls">
          <label>
            lab{' '}
            <select value={kind} onChange={(e) => setKind(e.target.value as LabKind)} data-testid="runs-kind">
              <option value="vae">VAE (step {vaeStep})</option>
              <option value="gan2d">GAN 2-D (step {ganStep})</option>
            </select>
          </label>
          <label>
            name{' '}
            <input
              value={name}
              placeholder={suggested}
              onChange={(e) => setName(e.target.value)}
              data-testid="runs-name"
            />
          </label>
          <button className="primary" onClick={save} disabled={busy !== null} data-testid="runs-save">
            Save
          </button>
          <label className="small">
            import a run file{' '}
            <input
              type="file"
              accept=".zip,application/zip"
              onChange={(e) => void onImport(e.target.files?.[0])}
              data-testid="runs-import"
            />
          </label>
          {busy && (
            <span className="small muted" role="status">
              {busy}…
            </span>
          )}
        </div>
        <p className="small muted">
          A saved run keeps its config, weights, optimizer state, full metric history, epoch results and a
          picture, in this browser (IndexedDB). Loading one puts it back in its lab, paused where it was
          saved: Resume continues training. Export makes one file to share; import checks every field.
        </p>
      </section>
      <section className="panel" aria-labelledby="runs-list-title">
        <h2 id="runs-list-title">Saved runs</h2>
        {list.length === 0 ? (
          <p className="small muted" data-testid="runs-empty">
            No saved runs yet: train something, then Save.
          </p>
        ) : (
          <table className="runs-table" data-testid="runs-table">
            <thead>
              <tr>
                <th scope="col">picture</th>
                <th scope="col">name</th>
                <th scope="col">lab</th>
                <th scope="col">step</th>
                <th scope="col">saved</th>
                <th scope="col">compare</th>
                <th scope="col">actions</th>
              </tr>
            </thead>
            <tbody>
              {list.map((r) => (
                <tr key={r.id} data-testid="run-row" data-run-id={r.id}>
                  <td>
                    <Thumb png={r.thumbnail} alt={`picture of ${r.name}`} />
                  </td>
                  <td>
                    <NameCell id={r.id} name={r.name} />
                  </td>
                  <td>{r.kind === 'vae' ? 'VAE' : r.kind === 'gan2d' ? 'GAN 2-D' : r.kind}</td>
                  <td>{r.step.toLocaleString('en-US')}</td>
                  <td className="small">
                    {new Date(r.created).toLocaleString()}
                    {r.backend ? ` · ${r.backend}` : ''}
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      checked={compare.includes(r.id)}
                      onChange={() => runsActions.toggleCompare(r.id)}
                      aria-label={`compare ${r.name}`}
                      data-testid={`run-compare-${r.id}`}
                    />
                  </td>
                  <td>
                    <div className="controls">
                      <button onClick={() => void runsActions.load(r.id)} data-testid={`run-load-${r.id}`}>
                        Load
                      </button>
                      <button
                        onClick={async () => {
                          const f = await runsActions.exportFile(r.id);
                          if (f)
                            download(f.name, new Blob([f.bytes as BlobPart], { type: 'application/zip' }));
                        }}
                        data-testid={`run-export-${r.id}`}
                      >
                        Export
                      </button>
                      <button
                        onClick={() =>
                          confirm(`Delete the saved run "${r.name}"?`) && void runsActions.remove(r.id)
                        }
                        data-testid={`run-delete-${r.id}`}
                      >
                        Delete
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <CompareRuns />
    </div>
  );
}
