/** Work that outlives its request (a real-time handler past its budget), waited for on shutdown. */
export interface InFlight {
  track(work: Promise<unknown>): void;
  /** Resolves when everything tracked so far has settled. */
  drain(): Promise<void>;
  readonly size: number;
}

export function createInFlight(): InFlight {
  const pending = new Set<Promise<unknown>>();
  return {
    track(work) {
      const settled = work.then(
        () => {},
        () => {},
      );
      pending.add(settled);
      void settled.then(() => pending.delete(settled));
    },
    async drain() {
      while (pending.size > 0) await Promise.all(pending);
    },
    get size() {
      return pending.size;
    },
  };
}
