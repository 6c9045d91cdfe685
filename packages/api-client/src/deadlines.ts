interface Deadline {
  at: number;
  onTimeout(): void;
}

/**
 * Per-request timeouts on one shared timer. A timer per request costs a few percent of a local
 * round trip; here a request only adds its deadline to a set, and a single unref'd timer wakes at
 * the earliest deadline, fires what is due and re-arms for the next. With one timeout for every
 * call, later deadlines never re-arm it, so a steady stream of calls costs about one timer per
 * timeout period.
 */
export class Deadlines {
  private readonly pending = new Set<Deadline>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt = Number.POSITIVE_INFINITY;

  add(ms: number, onTimeout: () => void): Deadline {
    const deadline = { at: Date.now() + ms, onTimeout };
    this.pending.add(deadline);
    if (deadline.at < this.timerAt) this.arm(deadline.at);
    return deadline;
  }

  delete(deadline: Deadline): void {
    this.pending.delete(deadline);
  }

  private arm(at: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(this.fire, Math.max(0, at - Date.now()));
    // In-flight requests keep the process alive; this timer alone must not.
    (this.timer as { unref?: () => void }).unref?.();
  }

  private readonly fire = () => {
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
    const now = Date.now();
    let next = Number.POSITIVE_INFINITY;
    for (const deadline of this.pending) {
      if (deadline.at <= now) {
        this.pending.delete(deadline);
        deadline.onTimeout();
      } else if (deadline.at < next) next = deadline.at;
    }
    if (next < Number.POSITIVE_INFINITY) this.arm(next);
  };
}
