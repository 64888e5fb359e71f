/**
 * Everything in the app that exists only to schedule work, so that no task grows long: the yield
 * itself, and the queue of work that waits for the app to have hydrated and the browser to be
 * idle (here), and slices for loops that grow with the data (`slicer.ts`, beside it: only
 * on-demand code uses them, so they load with it). The start-up sequence that yields and starts
 * the queue is app/start-up.tsx. Features never yield (ESLint says so): they export plain
 * functions, and what they need once the page is idle (their on-demand code, mostly) they
 * register with `afterHydration`, so none of it runs in the task that commits the hydration.
 */

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

type IdleTask = () => unknown;

const idleTasks: IdleTask[] = [];
let hydrated = false;
let running = false;

function whenIdle(callback: () => void): void {
  if ('requestIdleCallback' in globalThis) requestIdleCallback(callback, { timeout: 2000 });
  else setTimeout(callback, 0);
}

function runNext(): void {
  if (running || !hydrated) return;
  const task = idleTasks.shift();
  if (!task) return;
  running = true;
  whenIdle(() => {
    // A task that fails is reported, and the queue goes on.
    void Promise.resolve()
      .then(task)
      .catch(console.error)
      .finally(() => {
        running = false;
        runNext();
      });
  });
}

/**
 * Queues work nothing on the page needs to be read: it runs once the app has hydrated, one task
 * per idle period, in the order queued, so no task makes a long task of the others. Returns a
 * cancel, for work that belongs to a component.
 */
export function afterHydration(task: IdleTask): () => void {
  let cancelled = false;
  idleTasks.push(() => (cancelled ? undefined : task()));
  runNext();
  return () => {
    cancelled = true;
  };
}

/** The app has hydrated (or, for the app shell, rendered): the idle queue may start. */
export function startIdleQueue(): void {
  hydrated = true;
  runNext();
}
