import type { SyncJob } from '../api/types';

export const POLL_INTERVAL_MS = 700;

export interface PollOptions {
  intervalMs?: number;
  onUpdate: (job: SyncJob) => void;
  signal?: AbortSignal;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const isRunning = (job: SyncJob): boolean => job.state === 'running';

/**
 * Reads a Sync job again every {@code intervalMs} until it is no longer running (or {@code signal} aborts), telling
 * {@code onUpdate} each state; resolves with the last state read. A failed read rejects.
 */
export async function pollSync(fetchJob: (id: string) => Promise<SyncJob>, first: SyncJob,
  { intervalMs = POLL_INTERVAL_MS, onUpdate, signal, sleep = defaultSleep }: PollOptions): Promise<SyncJob> {
  let job = first;
  onUpdate(job);
  while (isRunning(job) && !signal?.aborted) {
    await sleep(intervalMs);
    if (signal?.aborted) {
      break;
    }
    job = await fetchJob(first.id);
    onUpdate(job);
  }
  return job;
}

/**
 * How far a Sync is, in percent of the changes its plan has to apply ({@code total}, known once planned); null while
 * the server does not say (still planning, or an older server): the console then shows the count applied so far.
 */
export function progressPercent(job: SyncJob): number | null {
  if (!isRunning(job)) {
    return 100;
  }
  const total = job.total;
  if (total === null || total === undefined) {
    return null;
  }
  if (total <= 0) {
    return 100;
  }
  return Math.min(100, Math.round(((job.applied ?? 0) * 100) / total));
}
