import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

type Scheduling = typeof import('../../src/lib/scheduling');

/** The queue is the page's one queue: each test gets the module fresh. */
async function freshScheduling(): Promise<Scheduling> {
  vi.resetModules();
  return import('../../src/lib/scheduling');
}

describe('the after-hydration queue', () => {
  let idle: Array<() => void>;

  beforeEach(() => {
    idle = [];
    vi.stubGlobal('requestIdleCallback', (callback: () => void) => idle.push(callback));
  });
  afterEach(() => vi.unstubAllGlobals());

  it('waits for hydration, then runs one task per idle period, in the order queued', async () => {
    const { afterHydration, startIdleQueue } = await freshScheduling();
    const ran: string[] = [];
    let finishFirst!: () => void;
    afterHydration(() => {
      ran.push('first');
      return new Promise<void>((resolve) => (finishFirst = resolve));
    });
    afterHydration(() => ran.push('second'));
    expect(idle).toHaveLength(0);

    startIdleQueue();
    expect(idle).toHaveLength(1);
    idle.shift()!();
    await vi.waitFor(() => expect(ran).toEqual(['first']));
    // The next task waits until the first has finished, then for an idle period of its own.
    expect(idle).toHaveLength(0);
    finishFirst();
    await vi.waitFor(() => expect(idle).toHaveLength(1));
    expect(ran).toEqual(['first']);
    idle.shift()!();
    await vi.waitFor(() => expect(ran).toEqual(['first', 'second']));
  });

  it('runs a task queued after hydration, skips a cancelled one, and goes on after a failure', async () => {
    const { afterHydration, startIdleQueue } = await freshScheduling();
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    startIdleQueue();
    const ran: string[] = [];
    afterHydration(() => {
      throw new Error('broken');
    });
    const cancel = afterHydration(() => ran.push('cancelled'));
    afterHydration(() => ran.push('last'));
    cancel();
    for (let period = 0; period < 3; period += 1) {
      await vi.waitFor(() => expect(idle.length).toBe(1));
      idle.shift()!();
    }
    await vi.waitFor(() => expect(ran).toEqual(['last']));
    expect(error).toHaveBeenCalledWith(expect.objectContaining({ message: 'broken' }));
  });
});

describe('slices of a long loop', () => {
  it('yield only once the task has run for its budget', async () => {
    const { createSlicer } = await import('../../src/lib/slicer');
    let now = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const slice = createSlicer(4);
    now = 3;
    expect(slice()).toBeUndefined();
    now = 5;
    const pause = slice();
    expect(pause).toBeInstanceOf(Promise);
    await pause;
    expect(slice()).toBeUndefined();
  });
});
