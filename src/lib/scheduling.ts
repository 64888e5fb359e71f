/**
 * Ends the current task, so the browser can paint and handle input before the next step.
 * `scheduler.yield()` keeps the rest of the work ahead of other queued tasks where the browser
 * has it; elsewhere (and in Node) a 0 ms timeout.
 */
export function yieldToBrowser(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * For a loop over a long list: `await slice()` between items yields to the browser once the
 * current task has run for `budgetMs`, so no task grows long (50 ms is a long task; a phone
 * runs a few times slower than the machine the budget is tuned on).
 */
export function createSlicer(budgetMs = 4): () => Promise<void> | undefined {
  let started = performance.now();
  return () => {
    if (performance.now() - started < budgetMs) return undefined;
    return yieldToBrowser().then(() => {
      started = performance.now();
    });
  };
}
