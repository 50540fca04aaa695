import { ConcurrencyGate, GateBusyError } from './concurrency-gate';

/** A task that runs until the test lets it finish. */
function heldTask(log: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    task: async () => {
      log.push(name);
      await done;
      return name;
    },
    finish: () => finish(),
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('ConcurrencyGate', () => {
  it('runs at most `concurrency` tasks at once and starts the next as one finishes', async () => {
    const gate = new ConcurrencyGate({ concurrency: 2, maxWaiting: 10, maxWaitMs: 10_000 });
    const started: string[] = [];
    const tasks = ['a', 'b', 'c'].map((name) => heldTask(started, name));
    const results = tasks.map((held, i) => gate.run('normal', held.task).then((value) => value + i));
    await tick();
    expect(started).toEqual(['a', 'b']);
    tasks[0]!.finish();
    await tick();
    expect(started).toEqual(['a', 'b', 'c']);
    tasks[1]!.finish();
    tasks[2]!.finish();
    expect(await Promise.all(results)).toEqual(['a0', 'b1', 'c2']);
  });

  it('lets `first` waiters in before `normal` ones that waited longer', async () => {
    const gate = new ConcurrencyGate({ concurrency: 1, maxWaiting: 10, maxWaitMs: 10_000 });
    const started: string[] = [];
    const running = heldTask(started, 'running');
    const stranger = heldTask(started, 'stranger');
    const known = heldTask(started, 'known');
    const all = [gate.run('normal', running.task), gate.run('normal', stranger.task), gate.run('first', known.task)];
    await tick();
    running.finish();
    await tick();
    expect(started).toEqual(['running', 'known']);
    known.finish();
    stranger.finish();
    await Promise.all(all);
    expect(started).toEqual(['running', 'known', 'stranger']);
  });

  it('refuses at once when a lane already has maxWaiting waiters, without running the task', async () => {
    const gate = new ConcurrencyGate({ concurrency: 1, maxWaiting: 1, maxWaitMs: 10_000 });
    const started: string[] = [];
    const running = heldTask(started, 'running');
    const waiting = heldTask(started, 'waiting');
    const first = gate.run('normal', running.task);
    const second = gate.run('normal', waiting.task);
    await expect(gate.run('normal', async () => 'never')).rejects.toBeInstanceOf(GateBusyError);
    // The other lane has its own room.
    const known = gate.run('first', async () => 'known');
    running.finish();
    waiting.finish();
    expect(await Promise.all([first, second, known])).toEqual(['running', 'waiting', 'known']);
  });

  it('refuses a waiter not let in within maxWaitMs, and goes on working after', async () => {
    const gate = new ConcurrencyGate({ concurrency: 1, maxWaiting: 5, maxWaitMs: 50 });
    const started: string[] = [];
    const running = heldTask(started, 'running');
    const first = gate.run('normal', running.task);
    await expect(gate.run('normal', async () => 'late')).rejects.toThrow(/within 50 ms/);
    running.finish();
    await first;
    expect(await gate.run('normal', async () => 'next')).toBe('next');
    expect(await Promise.all([gate.run('normal', async () => 1), gate.run('normal', async () => 2)])).toEqual([1, 2]);
  });

  it('frees the slot when a task fails', async () => {
    const gate = new ConcurrencyGate({ concurrency: 1, maxWaiting: 5, maxWaitMs: 1000 });
    await expect(gate.run('normal', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await gate.run('normal', async () => 'after')).toBe('after');
  });
});
