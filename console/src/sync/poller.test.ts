import { describe, expect, it, vi } from 'vitest';
import type { SyncJob } from '../api/types';
import { pollSync, progressPercent } from './poller';

const job = (state: string, applied: number, extra: Partial<SyncJob> = {}): SyncJob => ({ id: 'j1', state, applied, ...extra });

describe('pollSync', () => {
  it('reads the job every interval until it ends, reporting each state', async () => {
    const answers = [job('running', 10), job('running', 20), job('done', 30, { counts: { added: 3 } })];
    const fetchJob = vi.fn(() => Promise.resolve(answers.shift()!));
    const sleep = vi.fn(() => Promise.resolve());
    const seen: number[] = [];
    const last = await pollSync(fetchJob, job('running', 0), { onUpdate: (j) => seen.push(j.applied ?? -1), sleep });
    expect(last.state).toBe('done');
    expect(seen).toEqual([0, 10, 20, 30]);
    expect(fetchJob).toHaveBeenCalledTimes(3);
    expect(fetchJob).toHaveBeenCalledWith('j1');
    expect(sleep).toHaveBeenCalledWith(700);
  });

  it('does not poll a job that already ended', async () => {
    const fetchJob = vi.fn();
    await pollSync(fetchJob, job('failed', 0), { onUpdate: () => undefined, sleep: () => Promise.resolve() });
    expect(fetchJob).not.toHaveBeenCalled();
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const fetchJob = vi.fn(() => Promise.resolve(job('running', 1)));
    const sleep = vi.fn(() => {
      if (fetchJob.mock.calls.length === 2) {
        controller.abort();
      }
      return Promise.resolve();
    });
    const last = await pollSync(fetchJob, job('running', 0), { onUpdate: () => undefined, sleep, signal: controller.signal });
    expect(fetchJob).toHaveBeenCalledTimes(2);
    expect(last.state).toBe('running');
  });

  it('passes a failed read on', async () => {
    const fetchJob = vi.fn(() => Promise.reject(new Error('gone')));
    await expect(pollSync(fetchJob, job('running', 0), { onUpdate: () => undefined, sleep: () => Promise.resolve() }))
      .rejects.toThrow('gone');
  });
});

describe('progressPercent', () => {
  it('is the share applied when the total is known', () => {
    expect(progressPercent(job('running', 25, { total: 200 }))).toBe(13);
  });

  it('is unknown while running without a total, and full once ended', () => {
    expect(progressPercent(job('running', 25))).toBeNull();
    expect(progressPercent(job('done', 25))).toBe(100);
  });

  it('counts changes, not the users examined, and a plan with nothing to apply is complete', () => {
    expect(progressPercent(job('running', 0, { examined: 500 }))).toBeNull();
    expect(progressPercent(job('running', 0, { examined: 500, total: 0 }))).toBe(100);
  });
});
