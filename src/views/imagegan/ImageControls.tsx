import { imageActions, useImageLab } from '../../store/imageGan';

/** Run, pause, single iterations (D only, G only, both) and reset. */
export function ImageControls() {
  const status = useImageLab((s) => s.status);
  const sps = useImageLab((s) => s.stepsPerSec);
  const step = useImageLab((s) => s.snapshot?.step ?? 0);
  const max = useImageLab((s) => s.config.training.maxSteps);
  const aae = useImageLab((s) => s.config.kind === 'aae');
  const running = status === 'running';
  const busy = status === 'loading' || status === 'error';
  return (
    <div className="controls">
      <button
        className="primary"
        data-testid="img-run"
        disabled={busy || status === 'done'}
        onClick={() => (running ? imageActions.pause() : imageActions.start())}
      >
        {running ? 'Pause' : status === 'paused' ? 'Resume' : status === 'done' ? 'Done' : 'Start'}
      </button>
      <button
        data-testid="img-step-d"
        disabled={busy || running}
        onClick={() => imageActions.step('d')}
        title={aae ? 'Update the latent discriminator once' : 'Update the discriminator once'}
      >
        Step D
      </button>
      <button
        data-testid="img-step-g"
        disabled={busy || running}
        onClick={() => imageActions.step('g')}
        title={aae ? 'One adversarial update of the encoder' : 'Update the generator once'}
      >
        {aae ? 'Step E' : 'Step G'}
      </button>
      <button
        data-testid="img-step"
        disabled={busy || running}
        onClick={() => imageActions.step('both')}
        title={aae ? 'Reconstruction, k D steps, then one encoder step' : 'k D steps, then one G step'}
      >
        Step all
      </button>
      <button data-testid="img-reset" disabled={status === 'loading'} onClick={() => imageActions.reset()}>
        Reset
      </button>
      <span className={`status status-${status}`} data-testid="img-status">
        {status}
      </span>
      <span className="small muted" data-testid="img-speed">
        step {step} / {max} · {sps.toFixed(1)} steps/s
      </span>
    </div>
  );
}
