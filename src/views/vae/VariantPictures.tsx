import { useLab } from '../../store/lab';
import { ImageGrid } from '../ImageGrid';

const CLASSES = Array.from({ length: 10 }, (_, i) => i);

/**
 * What some variants add to the pictures: a conditional VAE's style transfer (lecture 000 eq. 15-16:
 * encode a digit with its label, decode the code with every label) and a VampPrior's pseudo-inputs.
 */
export function VariantPictures() {
  const extras = useLab((s) => s.snapshot?.extras ?? null);
  if (!extras || (!extras.styleGrid && !extras.pseudoInputs)) return null;
  return (
    <>
      {extras.styleGrid && extras.styleSources && (
        <div className="panel" data-testid="style-transfer">
          <h3>Style transfer: each test digit (left) encoded with its label, decoded as 0 … 9</h3>
          <div className="style-transfer">
            <ImageGrid batch={extras.styleSources} cols={1} testId="style-sources" label="source digits" />
            <div>
              <div className="class-header small muted" aria-hidden>
                {CLASSES.map((c) => (
                  <span key={c}>{c}</span>
                ))}
              </div>
              <ImageGrid
                batch={extras.styleGrid}
                cols={10}
                testId="style-grid"
                label="the sources' codes decoded as every class"
              />
            </div>
          </div>
          <p className="small muted">
            Row r keeps the code z = E_q[z | x_r, y_r] of the source digit; column c decodes it with label c.
            What z keeps (slant, stroke width) is the style; the label sets the class.
          </p>
        </div>
      )}
      {extras.pseudoInputs && (
        <div className="panel" data-testid="pseudo-inputs">
          <h3>VampPrior pseudo-inputs u_k (learned images)</h3>
          <ImageGrid batch={extras.pseudoInputs} cols={10} testId="pseudo-grid" label="pseudo-inputs" />
          <p className="small muted">
            The prior is the mixture (1/K) Σ_k q(z | u_k) of the encoder's posteriors at these images.
          </p>
        </div>
      )}
    </>
  );
}
