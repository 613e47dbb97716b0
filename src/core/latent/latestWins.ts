/**
 * Latest-wins requests: at most one call in flight; while it runs, newer requests replace each other and
 * only the newest runs next. A slider drag therefore never queues up decodes behind a training step —
 * stale positions are dropped, and the last position is always decoded.
 */
export interface LatestWins<A> {
  request(arg: A): void;
  /** True while a call is running. */
  readonly busy: boolean;
  /** Drop any waiting request (e.g. the model was reset); the running call's answer is still delivered. */
  cancelPending(): void;
}

export function latestWins<A, R>(
  run: (arg: A) => Promise<R>,
  onResult: (result: R, arg: A) => void,
  onError: (error: unknown, arg: A) => void = () => {},
): LatestWins<A> {
  let running = false;
  let waiting: { arg: A } | null = null;
  const pump = (arg: A): void => {
    running = true;
    run(arg).then(
      (r) => finish(() => onResult(r, arg)),
      (e) => finish(() => onError(e, arg)),
    );
  };
  const finish = (deliver: () => void): void => {
    running = false;
    // Always deliver: during a fast drag every answer is the newest one finished, so the picture keeps
    // following the pointer instead of freezing until the drag stops. Answers arrive in request order.
    deliver();
    const next = waiting;
    waiting = null;
    if (next) pump(next.arg);
  };
  return {
    request(arg: A) {
      if (running) waiting = { arg };
      else pump(arg);
    },
    get busy() {
      return running;
    },
    cancelPending() {
      waiting = null;
    },
  };
}
