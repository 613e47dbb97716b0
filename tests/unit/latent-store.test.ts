import { describe, expect, it } from 'vitest';
import { latentActions, useLatent } from '../../src/store/latent';

const z = (...v: number[]) => Float32Array.from(v);

describe('latent explorer store: the sliders say where their values came from', () => {
  it('a load from elsewhere is announced and undone to the values before it', () => {
    latentActions.resetForModel(3);
    latentActions.setZ(z(0.5, -1, 2)); // the reader's own values (no source: nothing to announce)
    expect(useLatent.getState().zSource).toBeNull();
    latentActions.setZ(z(9, 9, 9), { kind: 'digit', text: 'test digit #4 (4)' });
    expect(useLatent.getState().zSource?.text).toBe('test digit #4 (4)');
    // Walking on through digits (or tiles) keeps the values from before the first load for Undo.
    latentActions.setZ(z(7, 7, 7), { kind: 'digit', text: 'test digit #5 (7)' });
    latentActions.undoZ();
    expect(Array.from(useLatent.getState().z)).toEqual([0.5, -1, 2]);
    expect(useLatent.getState().zSource).toBeNull();
  });

  it('moving a slider ends the announcement (the values are the reader’s again)', () => {
    latentActions.resetForModel(3);
    latentActions.setZ(z(1, 2, 3), { kind: 'tile', text: 'tile' });
    latentActions.setCoordinate(0, 0.25);
    expect(useLatent.getState().zSource).toBeNull();
    expect(Array.from(useLatent.getState().z)).toEqual([0.25, 2, 3]);
  });

  it('the manifold axes move only when the reader picks, and survive a rebuild of the same size', () => {
    latentActions.resetForModel(20);
    expect(useLatent.getState().manifold).toMatchObject({ dimX: 0, dimY: 1 });
    useLatent.setState({ suggestedDims: [7, 3] });
    expect(useLatent.getState().manifold).toMatchObject({ dimX: 0, dimY: 1 }); // only offered
    latentActions.applySuggestedDims();
    expect(useLatent.getState().manifold).toMatchObject({ dimX: 7, dimY: 3 });
    expect(useLatent.getState().scatter).toMatchObject({ x: 7, y: 3 });
    latentActions.resetForModel(20);
    expect(useLatent.getState().manifold).toMatchObject({ dimX: 7, dimY: 3 });
    latentActions.resetForModel(2); // a 2-D latent has no z7: back to z0, z1
    expect(useLatent.getState().manifold).toMatchObject({ dimX: 0, dimY: 1 });
  });
});
