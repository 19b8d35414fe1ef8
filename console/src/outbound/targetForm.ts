import { ApiError } from '../api/errors';
import type {
  OutboundTarget, OutboxResource, OutboxRow, PushJob, TargetAuthType, TargetScopeKind, TargetStatus,
} from '../api/types';
import type { MessageKey } from '../i18n/i18n';

/** What the add/edit form holds: every field as the admin types it. The secret is write-only: never filled in. */
export interface TargetForm {
  name: string;
  baseUrl: string;
  enabled: boolean;
  authType: TargetAuthType;
  secret: string;
  secretRef: string;
  username: string;
  clientId: string;
  tokenUrl: string;
  oauthScope: string;
  scopeKind: TargetScopeKind;
  scopeKeys: string[];
  deprovision: 'deactivate' | 'delete';
  pushGroups: boolean;
  rateLimit: string;
}

export type TargetField = 'name' | 'baseUrl' | 'secret' | 'username' | 'clientId' | 'tokenUrl' | 'scopeKeys'
  | 'rateLimit';

export const MAX_RATE_LIMIT = 10000;

export function emptyForm(): TargetForm {
  return {
    name: '', baseUrl: '', enabled: true, authType: 'bearer', secret: '', secretRef: '', username: '', clientId: '',
    tokenUrl: '', oauthScope: '', scopeKind: 'all', scopeKeys: [], deprovision: 'deactivate', pushGroups: false,
    rateLimit: '0',
  };
}

/** The form of a stored target; the secret field stays empty (the server never returns it). */
export function formFromTarget(t: OutboundTarget): TargetForm {
  return {
    name: t.name ?? '',
    baseUrl: t.baseUrl ?? '',
    enabled: t.enabled !== false,
    authType: t.auth?.type ?? 'bearer',
    secret: '',
    secretRef: t.auth?.secretRef ?? '',
    username: t.auth?.username ?? '',
    clientId: t.auth?.clientId ?? '',
    tokenUrl: t.auth?.tokenUrl ?? '',
    oauthScope: t.auth?.scope ?? '',
    scopeKind: t.scope?.kind ?? 'all',
    scopeKeys: [...(t.scope?.keys ?? [])],
    deprovision: t.deprovision ?? 'deactivate',
    pushGroups: t.pushGroups === true,
    rateLimit: String(t.rateLimit ?? 0),
  };
}

const trimmed = (s: string): string | undefined => (s.trim() === '' ? undefined : s.trim());

/**
 * The representation to send. Only the chosen authentication's fields go out; the secret only when typed (an
 * update without it keeps the stored one); a vault reference replaces a stored secret. Quirks the console does not
 * edit are kept as they were.
 */
export function targetFromForm(f: TargetForm, previous?: OutboundTarget): OutboundTarget {
  const auth: OutboundTarget['auth'] = { type: f.authType };
  const secretRef = trimmed(f.secretRef);
  if (secretRef) {
    auth.secretRef = secretRef;
  } else if (f.secret !== '') {
    auth.secret = f.secret;
  }
  if (f.authType === 'basic') {
    auth.username = trimmed(f.username);
  }
  if (f.authType === 'oauth2') {
    auth.clientId = trimmed(f.clientId);
    auth.tokenUrl = trimmed(f.tokenUrl);
    auth.scope = trimmed(f.oauthScope);
  }
  return {
    name: f.name.trim(),
    baseUrl: f.baseUrl.trim(),
    enabled: f.enabled,
    auth,
    scope: { kind: f.scopeKind, keys: f.scopeKind === 'all' ? [] : [...f.scopeKeys] },
    pushGroups: f.pushGroups,
    deprovision: f.deprovision,
    rateLimit: Number.parseInt(f.rateLimit, 10) || 0,
    quirks: previous?.quirks ?? [],
  };
}

/**
 * What keeps the form from being sent, per field (the server checks everything again, in the admin's language).
 * {@code secretStored}: the target has a secret already, so an edit may leave the field empty.
 */
export function formProblems(f: TargetForm, secretStored: boolean): Partial<Record<TargetField, MessageKey>> {
  const problems: Partial<Record<TargetField, MessageKey>> = {};
  if (f.name.trim() === '') {
    problems.name = 'outbound.form.required';
  }
  const url = f.baseUrl.trim();
  if (url === '') {
    problems.baseUrl = 'outbound.form.required';
  } else if (!/^https?:\/\/[^\s/]+/i.test(url)) {
    problems.baseUrl = 'outbound.form.urlInvalid';
  }
  if (f.secret === '' && f.secretRef.trim() === '' && !secretStored) {
    problems.secret = 'outbound.form.secretRequired';
  }
  if (f.authType === 'basic' && f.username.trim() === '') {
    problems.username = 'outbound.form.required';
  }
  if (f.authType === 'oauth2') {
    if (f.clientId.trim() === '') {
      problems.clientId = 'outbound.form.required';
    }
    if (f.tokenUrl.trim() === '') {
      problems.tokenUrl = 'outbound.form.required';
    }
  }
  if (f.scopeKind !== 'all' && f.scopeKeys.length === 0) {
    problems.scopeKeys = 'outbound.form.scopeKeysRequired';
  }
  const rate = Number(f.rateLimit);
  if (!/^\d+$/.test(f.rateLimit.trim()) || rate > MAX_RATE_LIMIT) {
    problems.rateLimit = 'outbound.form.rateLimitInvalid';
  }
  return problems;
}

/** The state a target's health is summed up as: paused (circuit open), failing (failures in a row), or healthy. */
export type Health = 'paused' | 'failing' | 'dead' | 'healthy';

export function health(status: TargetStatus): Health {
  if (status.circuit === 'open') {
    return 'paused';
  }
  if (status.consecutiveFailures > 0) {
    return 'failing';
  }
  if ((status.queue.dead ?? 0) > 0) {
    return 'dead';
  }
  return 'healthy';
}

export const HEALTH_COLOR: Record<Health, 'red' | 'orange' | 'gold' | 'green'> = {
  paused: 'red', failing: 'orange', dead: 'gold', healthy: 'green',
};

/** An age in the largest unit that fits: seconds, minutes, hours or days (rounded down). */
export function age(seconds: number): { key: MessageKey; n: number } {
  if (seconds < 60) {
    return { key: 'outbound.age.seconds', n: Math.max(0, Math.floor(seconds)) };
  }
  if (seconds < 3600) {
    return { key: 'outbound.age.minutes', n: Math.floor(seconds / 60) };
  }
  if (seconds < 86400) {
    return { key: 'outbound.age.hours', n: Math.floor(seconds / 3600) };
  }
  return { key: 'outbound.age.days', n: Math.floor(seconds / 86400) };
}

/** The resources of dead-letter rows, as replay and skip name them. */
export function deadResources(rows: OutboxRow[]): OutboxResource[] {
  return rows.filter((r) => r.state === 'dead' && r.resourceType === 'user')
    .map((r) => ({ type: 'user' as const, id: r.resourceId }));
}

/** Whether the server has no push endpoint (an older build): the page says so instead of failing. */
export function pushUnavailable(error: unknown): boolean {
  return error instanceof ApiError ? error.isMissing
    : typeof error === 'object' && error !== null && (error as { status?: number }).status === 404;
}

/** The newest job, by start time (the server lists newest first; the console does not rely on it). */
export function latestJob(jobs: PushJob[] | undefined): PushJob | null {
  if (!jobs || jobs.length === 0) {
    return null;
  }
  return [...jobs].sort((a, b) => Date.parse(b.started) - Date.parse(a.started))[0];
}

/** How far a push is, in percent of the members it examines; null while the total is not known yet. */
export function pushPercent(job: PushJob): number | null {
  if (job.state !== 'running') {
    return 100;
  }
  if (job.total === null || job.total === undefined) {
    return null;
  }
  return job.total <= 0 ? 100 : Math.min(100, Math.round((job.examined * 100) / job.total));
}
