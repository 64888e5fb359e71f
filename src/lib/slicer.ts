import { yieldToBrowser } from './scheduling';

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
