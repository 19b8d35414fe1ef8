import { ApiError } from '../api/errors';
import type {
  OutboundTarget, OutboxResource, OutboxRow, PushJob, ScimToken, TargetAuthType, TargetScopeKind, TargetStatus,
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
  /** The id of the SCIM connection the app also pushes users in through; '' for none. */
  inboundConnection: string;
}

export type TargetField = 'name' | 'baseUrl' | 'secret' | 'secretRef' | 'username' | 'clientId' | 'tokenUrl'
  | 'scopeKeys' | 'rateLimit' | 'inboundConnection';

export const MAX_RATE_LIMIT = 10000;

export function emptyForm(): TargetForm {
  return {
    name: '', baseUrl: '', enabled: true, authType: 'bearer', secret: '', secretRef: '', username: '', clientId: '',
    tokenUrl: '', oauthScope: '', scopeKind: 'all', scopeKeys: [], deprovision: 'deactivate', pushGroups: false,
    rateLimit: '0', inboundConnection: '',
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
    inboundConnection: t.inboundConnection ?? '',
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
    inboundConnection: trimmed(f.inboundConnection) ?? null,
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

/** Where the server's field names land in the form (the server names fields as the representation does). */
const SERVER_FIELDS: Record<string, TargetField> = {
  name: 'name', baseUrl: 'baseUrl', 'auth.secret': 'secret', 'auth.secretRef': 'secretRef',
  'auth.username': 'username', 'auth.clientId': 'clientId', 'auth.tokenUrl': 'tokenUrl', 'scope.keys': 'scopeKeys',
  rateLimit: 'rateLimit', inboundConnection: 'inboundConnection',
};

/** The form field a server error names ({@code scope.keys[2]} is the scope keys), or undefined for none. */
export function formFieldOf(serverField: string | undefined): TargetField | undefined {
  if (!serverField) {
    return undefined;
  }
  return SERVER_FIELDS[serverField.replace(/\[\d+\]$/, '')];
}

/**
 * A refused save's messages per form field, to show under each field (the server's own words, in the admin's
 * language); errors about no field of the form are not in it (the form's alert lists every error).
 */
export function serverProblems(error: unknown): Partial<Record<TargetField, string>> {
  const problems: Partial<Record<TargetField, string>> = {};
  if (!(error instanceof ApiError) || error.status !== 400) {
    return problems;
  }
  for (const e of error.errors) {
    const field = formFieldOf(e.field);
    if (field) {
      problems[field] = problems[field] ? `${problems[field]} ${e.message}` : e.message;
    }
  }
  return problems;
}

/** A SCIM connection the form offers, with why it can no longer push (or that the realm has no such connection). */
export interface ConnectionChoice {
  id: string;
  name: string;
  state: 'active' | 'revoked' | 'expired' | 'unknown';
  /** When it was made; null for an unknown one. */
  created: string | null;
}

/**
 * The connections an app may be said to push users in through: the realm's usable ones by name, and the one
 * chosen now whatever its state (revoked, expired, or not among the realm's connections: shown by its id), so
 * that an edit never silently changes it.
 */
export function connectionChoices(tokens: ScimToken[] | undefined, current: string): ConnectionChoice[] {
  const stateOf = (x: ScimToken): ConnectionChoice['state'] => (x.revoked ? 'revoked' : x.expired ? 'expired'
    : 'active');
  const choices: ConnectionChoice[] = (tokens ?? []).filter((x) => stateOf(x) === 'active' || x.id === current)
    .map((x) => ({ id: x.id, name: x.name, state: stateOf(x), created: x.created }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  if (current !== '' && !choices.some((c) => c.id === current)) {
    choices.push({ id: current, name: current, state: 'unknown', created: null });
  }
  return choices;
}

/** The name of the connection {@code id} for the target's details; its id when the realm has no such connection. */
export function connectionName(tokens: ScimToken[] | undefined, id: string | null | undefined): string | null {
  if (!id) {
    return null;
  }
  return tokens?.find((x) => x.id === id)?.name ?? id;
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
