import { useMemo } from 'react';
import { evaluateLatentExpression, formatLatentExpression } from '../../core/latent/arithmetic';
import { digitLatent, focusedDigit, latentActions, useLatent } from '../../store/latent';
import { Hint } from '../Hint';
import { PixelCanvas } from './PixelCanvas';

/**
 * Latent arithmetic with class means: mean(c) is the average code of digit c in the test set, so
 * z(A) - mean(7) + mean(1) asks for "A, moved from the typical 7 towards the typical 1" (the attribute
 * vectors of DCGAN's face arithmetic, here with digit classes). Built by clicks, decoded on the page.
 */
export function ArithmeticPanel() {
  const terms = useLatent((s) => s.terms);
  const means = useLatent((s) => s.means);
  const decoder = useLatent((s) => s.decoder);
  const dim = useLatent((s) => s.dim);
  const focused = useLatent(focusedDigit);
  const z = useLatent((s) => s.z);

  const meanImages = useMemo(
    () =>
      means && decoder && decoder.latentDim === means.dim
        ? decoder.decode(means.means, means.numClasses)
        : null,
    [means, decoder],
  );
  const result = useMemo(() => {
    try {
      return terms.length ? evaluateLatentExpression(terms, means, dim) : null;
    } catch {
      return null;
    }
  }, [terms, means, dim]);
  const image = useMemo(
    () => (result && decoder && decoder.latentDim === result.length ? decoder.decode(result) : null),
    [result, decoder],
  );

  return (
    <section className="panel latent-arith" data-testid="panel-arith">
      <h3>Latent arithmetic</h3>
      <p className={terms.length ? 'expr' : 'expr empty'} data-testid="arith-expression">
        {terms.length ? formatLatentExpression(terms) : 'empty: add terms with the buttons below'}
      </p>
      {terms.length === 0 && (
        <Hint testId="hint-arith">
          Build an expression from digits and class means: pick a 7 in the scatter and press <b>+ z(digit)</b>
          , then <b>−</b> under the decoded 7 and <b>+</b> under the 1. The result, z(a 7) − mean(7) +
          mean(1), is decoded below.
        </Hint>
      )}
      <div className="controls small">
        <button
          disabled={!focused}
          onClick={() => focused && latentActions.addVector(1, digitLatent(focused))}
          data-testid="arith-add-digit"
        >
          + z(digit)
        </button>
        <button
          disabled={!focused}
          onClick={() => focused && latentActions.addVector(-1, digitLatent(focused))}
        >
          − z(digit)
        </button>
        <button onClick={() => latentActions.addVector(1, { name: 'sliders', z: z.slice() })}>
          + z(sliders)
        </button>
        <button onClick={() => latentActions.clearTerms()} disabled={terms.length === 0}>
          Clear
        </button>
      </div>
      <div className="class-means">
        <PixelCanvas
          images={meanImages}
          count={10}
          cols={10}
          scale={1.5}
          testId="class-means"
          label="decoded class means 0 to 9"
        />
        <div className="class-mean-buttons">
          {Array.from({ length: 10 }, (_, c) => (
            <span key={c} className="class-mean-btns">
              <button
                disabled={!means}
                onClick={() => latentActions.addClassMean(1, c)}
                data-testid={`arith-plus-${c}`}
                title={`+ mean(${c})`}
              >
                +
              </button>
              <button
                disabled={!means}
                onClick={() => latentActions.addClassMean(-1, c)}
                data-testid={`arith-minus-${c}`}
                title={`− mean(${c})`}
              >
                −
              </button>
            </span>
          ))}
        </div>
      </div>
      <div className="controls">
        <figure className="arith-result">
          <PixelCanvas
            images={image}
            scale={3}
            testId="arith-result"
            label="decoded result of the expression"
          />
          <figcaption>{result ? 'decode(result)' : 'no expression yet'}</figcaption>
        </figure>
        <button
          disabled={!result}
          onClick={() =>
            result &&
            latentActions.setZ(result, { kind: 'arith', text: 'The sliders now hold the arithmetic result.' })
          }
        >
          result → sliders
        </button>
      </div>
      <p className="small muted">
        Top: decode(mean(c)) for each digit c. Class means come from the test encodings and move as the model
        trains.
      </p>
    </section>
  );
}
