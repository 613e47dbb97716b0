/**
 * Capture a pointer so a stroke keeps its moves and its end when it leaves the element. Capturing can
 * throw ("No active pointer": a synthetic or already-released pointer); the stroke then simply goes on
 * uncaptured, and the caller ends it when the pointer leaves. Returns whether the capture holds.
 */
export function capturePointer(el: Element, pointerId: number): boolean {
  try {
    el.setPointerCapture(pointerId);
    return el.hasPointerCapture(pointerId);
  } catch {
    return false;
  }
}
