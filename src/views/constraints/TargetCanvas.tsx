import { useEffect, useRef, useState, type PointerEvent } from 'react';
import { boxFromDrag, withDrawnBox } from '../../core/constraints/drawBox';
import { constraintsActions, useConstraints } from '../../store/constraints';

type Pt = { x: number; y: number };

/**
 * The constrained target pi on its grid, darker = more mass (square-root scale so faint regions show).
 * Dragging on it draws a box: the constraint becomes that box, or with Shift held joins a union of boxes.
 */
export function TargetCanvas() {
  const snap = useConstraints((s) => s.snapshot);
  const ref = useRef<HTMLCanvasElement>(null);
  // The drag lives in a ref (the handlers read it: a pointerup can arrive before React re-renders after
  // the pointerdown, on a busy machine) and is mirrored into state only to draw the rubber band.
  const dragRef = useRef<{ a: Pt; b: Pt } | null>(null);
  const [drag, setDragState] = useState<{ a: Pt; b: Pt } | null>(null);
  const setDrag = (d: { a: Pt; b: Pt } | null) => {
    dragRef.current = d;
    setDragState(d);
  };
  useEffect(() => {
    const cv = ref.current;
    const ctx = cv?.getContext('2d');
    if (!cv || !ctx || !snap) return;
    const n = snap.size;
    const img = ctx.createImageData(n, n);
    let max = 0;
    for (const v of snap.target) max = Math.max(max, v);
    for (let iy = 0; iy < n; iy++) {
      for (let ix = 0; ix < n; ix++) {
        const v = max > 0 ? Math.sqrt(snap.target[iy * n + ix]! / max) : 0;
        const o = 4 * ((n - 1 - iy) * n + ix); // row 0 of the grid is the lowest y: draw it at the bottom
        img.data[o] = 255 - Math.round(200 * v);
        img.data[o + 1] = 255 - Math.round(120 * v);
        img.data[o + 2] = 255 - Math.round(40 * v);
        img.data[o + 3] = 255;
      }
    }
    cv.width = n;
    cv.height = n;
    ctx.putImageData(img, 0, 0);
  }, [snap]);
  const at = (e: PointerEvent<HTMLCanvasElement>): Pt => {
    const cv = e.currentTarget;
    const r = cv.getBoundingClientRect();
    return { x: e.clientX - r.left - cv.clientLeft, y: e.clientY - r.top - cv.clientTop };
  };
  // The handlers read the store's snapshot, not the render's (which can lag behind it under load).
  const current = () => useConstraints.getState().snapshot;
  const down = (e: PointerEvent<HTMLCanvasElement>) => {
    if (!current() || e.button !== 0) return;
    try {
      e.currentTarget.setPointerCapture(e.pointerId);
    } catch {
      // no active pointer (a synthetic event): the drag still works while the pointer stays on the map
    }
    const p = at(e);
    setDrag({ a: p, b: p });
  };
  const move = (e: PointerEvent<HTMLCanvasElement>) => {
    const d = dragRef.current;
    if (d) setDrag({ a: d.a, b: at(e) });
  };
  const up = (e: PointerEvent<HTMLCanvasElement>) => {
    const drag = dragRef.current;
    const now = current();
    if (!drag || !now) return setDrag(null);
    const cv = e.currentTarget;
    const box = boxFromDrag(drag.a, at(e), cv.clientWidth, cv.clientHeight, now.extent);
    setDrag(null);
    if (!box) return;
    const add = e.shiftKey;
    constraintsActions.edit((c) => (c.constraint.shape = withDrawnBox(c.constraint.shape, box, add)));
  };
  return (
    <div className="constraints-draw">
      <canvas
        ref={ref}
        className="constraints-canvas"
        data-testid="constraints-target"
        aria-label="constrained target density; drag to draw a box constraint, Shift-drag to add a box"
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={() => setDrag(null)}
      />
      {drag && (
        <div
          className="constraints-rubber"
          style={{
            left: Math.min(drag.a.x, drag.b.x),
            top: Math.min(drag.a.y, drag.b.y),
            width: Math.abs(drag.b.x - drag.a.x),
            height: Math.abs(drag.b.y - drag.a.y),
          }}
        />
      )}
    </div>
  );
}
