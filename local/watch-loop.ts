/**
 * `npm start`'s stand-in for the watcher's EventBridge schedule: a tick at once, then one every
 * interval. A tick still running when the next is due makes that one wait its turn (the lease would
 * make it skip every deployment anyway).
 */
export interface WatchLoop {
  /** Resolves when the tick under way (if any) has ended; no tick starts after. */
  stop(): Promise<void>;
}

export function startWatchLoop(tick: () => Promise<unknown>, intervalMs: number, onError: (error: unknown) => void): WatchLoop {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const runOnce = (): void => {
    running = running.then(async () => {
      if (stopped) return;
      try {
        await tick();
      } catch (error) {
        onError(error);
      }
    });
  };
  runOnce();
  const timer = setInterval(runOnce, intervalMs);
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
