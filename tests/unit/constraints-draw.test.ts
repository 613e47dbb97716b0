// Drawing a box constraint on the target map (issue 11 item 1): canvas pixels (y down) to the data window
// (y up), checked against corners worked out by hand, and how a drawn box replaces or joins the constraint.
import { describe, expect, it } from 'vitest';
import { boxFromDrag, MAX_BOXES, withDrawnBox } from '../../src/core/constraints/drawBox';
import { feasible } from '../../src/core/constraints/shapes';

const ext = { min: -3, max: 3 };

describe('drawing a box on the constraint map', () => {
  it('maps a drag on a 360 px map of [-3, 3]^2 to data corners, y pointing up, in either drag direction', () => {
    // (60, 60) px -> (-2, 2); (180, 240) px -> (0, -1).
    expect(boxFromDrag({ x: 60, y: 60 }, { x: 180, y: 240 }, 360, 360, ext)).toEqual([-2, -1, 0, 2]);
    expect(boxFromDrag({ x: 180, y: 240 }, { x: 60, y: 60 }, 360, 360, ext)).toEqual([-2, -1, 0, 2]);
    // A non-square display: x and y scale separately (720 x 360 px).
    expect(boxFromDrag({ x: 0, y: 0 }, { x: 360, y: 90 }, 720, 360, ext)).toEqual([-3, 1.5, 0, 3]);
  });

  it('clamps a drag that leaves the map to the window, and ignores a click or a sliver', () => {
    expect(boxFromDrag({ x: -50, y: 400 }, { x: 90, y: 270 }, 360, 360, ext)).toEqual([-3, -3, -1.5, -1.5]);
    expect(boxFromDrag({ x: 100, y: 100 }, { x: 100, y: 100 }, 360, 360, ext)).toBeNull();
    expect(boxFromDrag({ x: 100, y: 100 }, { x: 300, y: 101 }, 360, 360, ext)).toBeNull();
  });

  it('a plain drag replaces the constraint; Shift adds to a union of boxes, keeping at most 16', () => {
    const half = { kind: 'halfPlane' as const, nx: 0, ny: 1, offset: 0.5 };
    const one = withDrawnBox(half, [-2, -1, 0, 2], true);
    expect(one).toEqual({ kind: 'boxes', boxes: [[-2, -1, 0, 2]] });
    const two = withDrawnBox(one, [1, 1, 2, 2], true);
    expect(two).toEqual({
      kind: 'boxes',
      boxes: [
        [-2, -1, 0, 2],
        [1, 1, 2, 2],
      ],
    });
    expect(withDrawnBox(two, [1, 1, 2, 2], false)).toEqual({ kind: 'boxes', boxes: [[1, 1, 2, 2]] });
    // The union is what the lab's feasibility test sees: a point in the second box only.
    expect(feasible(two, 1.5, 1.5)).toBe(true);
    expect(feasible(two, 0.5, 1.5)).toBe(false);
    let s = one as ReturnType<typeof withDrawnBox>;
    for (let i = 0; i < 20; i++) s = withDrawnBox(s, [i / 10, 0, i / 10 + 1, 1], true);
    expect(s.kind === 'boxes' && s.boxes.length).toBe(MAX_BOXES);
    expect(s.kind === 'boxes' && s.boxes[MAX_BOXES - 1]).toEqual([1.9, 0, 2.9, 1]);
  });
});
