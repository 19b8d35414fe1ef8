import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors';
import type { PushJob, ScimToken, TargetStatus } from '../api/types';
import {
  age, connectionChoices, connectionName, deadResources, emptyForm, formFieldOf, formFromTarget, formProblems, health,
  latestJob, pushPercent, pushUnavailable, serverProblems, targetFromForm,
} from './targetForm';

const STATUS: TargetStatus = {
  queue: { idle: 0, pending: 0, in_flight: 0, dead: 0 }, oldestPendingSeconds: null, delivered: 0, failed: 0,
  lastDelivered: null, lastError: null, circuit: 'closed', consecutiveFailures: 0, pausedSince: null,
};

describe('the target form', () => {
  it('never fills the secret in from a stored target, and sends one only when typed', () => {
    const form = formFromTarget({ id: 'x', name: 'crm', baseUrl: 'https://crm.test/scim/v2',
      auth: { type: 'bearer', secretSet: true }, quirks: ['membership-by-single-patch'] });
    expect(form.secret).toBe('');
    const rep = targetFromForm(form, { name: 'crm', baseUrl: '', auth: { type: 'bearer' },
      quirks: ['membership-by-single-patch'] });
    expect(rep.auth).toEqual({ type: 'bearer' });
    expect(rep.quirks).toEqual(['membership-by-single-patch']);
    expect(targetFromForm({ ...form, secret: 's3cret' }).auth.secret).toBe('s3cret');
  });

  it('sends only the fields of the chosen authentication, and a vault reference instead of a secret', () => {
    const f = { ...emptyForm(), name: ' hr ', baseUrl: 'https://hr.test/scim', authType: 'oauth2' as const,
      clientId: 'kc', tokenUrl: 'https://hr.test/token', username: 'left-over', secret: 'typed',
      secretRef: '${vault.hr}' };
    const rep = targetFromForm(f);
    expect(rep.name).toBe('hr');
    expect(rep.auth).toEqual({ type: 'oauth2', clientId: 'kc', tokenUrl: 'https://hr.test/token', scope: undefined,
      secretRef: '${vault.hr}' });
  });

  it('drops the scope keys when every member is pushed and reads the rate limit as a number', () => {
    const rep = targetFromForm({ ...emptyForm(), scopeKind: 'all', scopeKeys: ['premium'], rateLimit: '25' });
    expect(rep.scope).toEqual({ kind: 'all', keys: [] });
    expect(rep.rateLimit).toBe(25);
  });

  it('names what is missing before anything is sent', () => {
    expect(formProblems(emptyForm(), false)).toEqual({ name: 'outbound.form.required',
      baseUrl: 'outbound.form.required', secret: 'outbound.form.secretRequired' });
    const basic = { ...emptyForm(), name: 'a', baseUrl: 'ftp://x', authType: 'basic' as const, secret: 'p',
      scopeKind: 'tiers' as const, rateLimit: '-1' };
    expect(formProblems(basic, false)).toEqual({ baseUrl: 'outbound.form.urlInvalid',
      username: 'outbound.form.required', scopeKeys: 'outbound.form.scopeKeysRequired',
      rateLimit: 'outbound.form.rateLimitInvalid' });
  });

  it('lets an edit keep the stored secret', () => {
    const f = { ...emptyForm(), name: 'a', baseUrl: 'https://a.test/scim' };
    expect(formProblems(f, true)).toEqual({});
    expect(formProblems(f, false).secret).toBe('outbound.form.secretRequired');
  });
});

const CONNECTION: ScimToken = { id: 'c1', name: 'Okta', created: '2026-12-01T10:00:00Z', expiresAt: null,
  lastUsed: null, revoked: false, expired: false };

describe('the inbound connection of a target', () => {
  it('is read from the target and sent as its id, or as null for none', () => {
    const form = formFromTarget({ name: 'hr', baseUrl: 'https://hr.test/scim', auth: { type: 'bearer' },
      inboundConnection: 'c1' });
    expect(form.inboundConnection).toBe('c1');
    expect(targetFromForm(form).inboundConnection).toBe('c1');
    expect(targetFromForm({ ...form, inboundConnection: '' }).inboundConnection).toBeNull();
    expect(formFromTarget({ name: 'hr', baseUrl: '', auth: { type: 'bearer' } }).inboundConnection).toBe('');
    expect(targetFromForm(emptyForm()).inboundConnection).toBeNull();
  });

  it('offers the usable connections by name, and keeps the chosen one whatever its state', () => {
    const tokens: ScimToken[] = [
      { ...CONNECTION, id: 'c2', name: 'Workday' },
      CONNECTION,
      { ...CONNECTION, id: 'c3', name: 'Old Entra', revoked: true },
      { ...CONNECTION, id: 'c4', name: 'Trial', expired: true },
    ];
    expect(connectionChoices(tokens, '').map((c) => c.id)).toEqual(['c1', 'c2']);
    expect(connectionChoices(tokens, 'c3').map((c) => [c.id, c.state])).toEqual([['c1', 'active'],
      ['c3', 'revoked'], ['c2', 'active']]);
    expect(connectionChoices(tokens, 'c4').find((c) => c.id === 'c4')?.state).toBe('expired');
    expect(connectionChoices(tokens, 'gone')).toContainEqual({ id: 'gone', name: 'gone', state: 'unknown',
      created: null });
    expect(connectionChoices(undefined, 'c1')).toEqual([{ id: 'c1', name: 'c1', state: 'unknown', created: null }]);
  });

  it('is named in the details by the connection name, else by its id', () => {
    expect(connectionName([CONNECTION], 'c1')).toBe('Okta');
    expect(connectionName([CONNECTION], 'gone')).toBe('gone');
    expect(connectionName(undefined, 'c1')).toBe('c1');
    expect(connectionName([CONNECTION], null)).toBeNull();
    expect(connectionName([CONNECTION], undefined)).toBeNull();
  });
});

describe('a refused save', () => {
  it('puts each server error on the form field it names', () => {
    const refused = new ApiError(400, 'refused', [
      { field: 'inboundConnection', message: 'inboundConnection must be the id of one of this realm\'s SCIM connections' },
      { field: 'auth.secret', message: 'secret missing' },
      { field: 'scope.keys[0]', message: 'gold is not a tier' },
      { field: 'scope.keys[1]', message: 'silver is not a tier' },
      { field: 'quirks', message: 'unknown quirk' },
      { message: 'no field' },
    ]);
    expect(serverProblems(refused)).toEqual({
      inboundConnection: 'inboundConnection must be the id of one of this realm\'s SCIM connections',
      secret: 'secret missing',
      scopeKeys: 'gold is not a tier silver is not a tier',
    });
  });

  it('names the form fields of the representation\'s fields, and none for others', () => {
    expect(formFieldOf('baseUrl')).toBe('baseUrl');
    expect(formFieldOf('auth.tokenUrl')).toBe('tokenUrl');
    expect(formFieldOf('auth.secretRef')).toBe('secretRef');
    expect(formFieldOf('rateLimit')).toBe('rateLimit');
    expect(formFieldOf('auth.type')).toBeUndefined();
    expect(formFieldOf(undefined)).toBeUndefined();
  });

  it('puts nothing on the fields unless the server refused the values (400)', () => {
    expect(serverProblems(new ApiError(409, 'busy', [{ field: 'name', message: 'taken' }]))).toEqual({});
    expect(serverProblems(new Error('network'))).toEqual({});
    expect(serverProblems(null)).toEqual({});
  });
});

describe('health', () => {
  it('is paused while the circuit is open, failing with failures in a row, then dead letters, else healthy', () => {
    expect(health({ ...STATUS, circuit: 'open', consecutiveFailures: 20 })).toBe('paused');
    expect(health({ ...STATUS, consecutiveFailures: 2 })).toBe('failing');
    expect(health({ ...STATUS, queue: { ...STATUS.queue, dead: 1 } })).toBe('dead');
    expect(health(STATUS)).toBe('healthy');
  });

  it('says an age in the largest unit that fits', () => {
    expect(age(42)).toEqual({ key: 'outbound.age.seconds', n: 42 });
    expect(age(125)).toEqual({ key: 'outbound.age.minutes', n: 2 });
    expect(age(7300)).toEqual({ key: 'outbound.age.hours', n: 2 });
    expect(age(200000)).toEqual({ key: 'outbound.age.days', n: 2 });
  });
});

describe('dead letters and pushes', () => {
  it('names only the dead users for a replay or skip', () => {
    const row = { resourceType: 'user', resourceId: 'u1', state: 'dead' as const, changes: 1, attempts: 1,
      nextAttempt: 0, origin: null, lastError: 'x', updated: 0, delivered: null, remoteId: null };
    expect(deadResources([row, { ...row, resourceId: 'u2', state: 'pending' }])).toEqual([{ type: 'user', id: 'u1' }]);
  });

  it('reads a 404 from the push endpoint as not available here', () => {
    expect(pushUnavailable(new ApiError(404, 'Not Found'))).toBe(true);
    expect(pushUnavailable(new ApiError(500, 'boom'))).toBe(false);
    expect(pushUnavailable(null)).toBe(false);
  });

  it('shows the newest job and its progress', () => {
    const job: PushJob = { id: 'a', target: 't', mode: 'full', state: 'running', started: '2026-12-01T10:00:00Z',
      finished: null, examined: 25, total: 100, queued: 20, deprovisioned: 0, error: null };
    const newer = { ...job, id: 'b', started: '2026-12-02T10:00:00Z' };
    expect(latestJob([job, newer])?.id).toBe('b');
    expect(latestJob([])).toBeNull();
    expect(pushPercent(job)).toBe(25);
    expect(pushPercent({ ...job, total: null })).toBeNull();
    expect(pushPercent({ ...job, state: 'done' })).toBe(100);
  });
});
