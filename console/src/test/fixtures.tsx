import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { vi } from 'vitest';
import type { RealmApi } from '../api/client';
import type {
  Access, Explain, IdpWiring, Member, OutboundTarget, Outbox, PolicyDocument, Preview, Profile, ScimToken,
  SeatUsage, SyncJob, TargetStatus, TargetTestReport,
} from '../api/types';
import { ConsoleContext } from '../components/context';
import { I18nProvider, makeI18n, type Locale } from '../i18n/i18n';

export const POLICY: PolicyDocument = {
  profile: 'enterprise-seats',
  mode: 'jit',
  groupMappings: true,
  roles: [
    { key: 'owner', name: 'Owner', binding: { role: 'org-owner' }, groups: ['acme-owners'] },
    { key: 'admin', name: 'Admin', binding: { role: 'org-admin' }, groups: ['acme-admins'] },
    { key: 'user', name: 'User', binding: { role: 'org-user' }, groups: ['acme-staff'] },
  ],
  seatTiers: [
    { key: 'premium', name: 'Premium', capacity: 5, binding: { role: 'seat-premium' }, groups: ['acme-premium'] },
    { key: 'standard', name: 'Standard', capacity: 20, binding: { role: 'seat-standard' }, groups: [] },
  ],
  jit: { groupClaim: 'groups', groupClaimsByIdp: { entra: 'roles' }, deprovisionOnRefusal: true },
  contact: 'IT help desk',
  scim: { deleteAction: 'disable', adoptBy: ['userName', 'email'], organizations: [] },
};

export const PROFILES: Profile[] = [
  { id: 'team', displayName: 'Team', allowedModes: ['manual', 'jit'], tierMappingAllowed: true, seedsCatalog: true,
    roles: [], seatTiers: [] },
  { id: 'enterprise-seats', displayName: 'Enterprise (seat-based)', allowedModes: ['manual', 'jit', 'scim'],
    tierMappingAllowed: true, seedsCatalog: true, roles: [], seatTiers: [] },
];

export const SEATS: SeatUsage[] = [
  { tier: 'premium', name: 'Premium', capacity: 5, used: 5, pending: 1 },
  { tier: 'standard', name: 'Standard', capacity: 20, used: 3, pending: 0 },
  { tier: null, name: null, capacity: 0, used: 0, pending: 2 },
];

export const MEMBERS: Member[] = [
  { userId: 'u1', username: 'alice', state: 'active', role: 'owner', tier: 'premium', source: 'jit',
    reasonCode: 'role-from-groups', reason: 'in acme-owners', groups: ['acme-owners'], stateSince: 1, updatedAt: 1 },
  { userId: 'u2', username: 'erin', state: 'pending', role: 'user', tier: null, source: 'jit',
    reasonCode: 'no-seat-available', reason: 'no seat', groups: ['acme-staff'], stateSince: 2, updatedAt: 2 },
];

export const PREVIEW: Preview = {
  examined: 4,
  counts: { unchanged: 1, added: 1, removed: 1, promoted: 0, demoted: 1, moved: 0, pending: 0 },
  users: {
    added: [{ userId: 'u3', username: 'carol', before: 'none', after: 'active user / standard', reason: 'in acme-staff' }],
    removed: [{ userId: 'u4', username: 'bob', before: 'active user / standard', after: 'deprovisioned', reason: 'in no mapped group' }],
    demoted: [{ userId: 'u1', username: 'alice', before: 'active owner / premium', after: 'active user / premium', reason: 'in acme-staff' }],
  },
  seats: [{ tier: 'premium', capacity: 5, used: 5, overCapacity: 0 }, { tier: 'standard', capacity: 20, used: 4, overCapacity: 0 }],
  lockout: { refused: false, message: '', topRole: 'Owner', losingTopRole: [], youWouldBe: null },
};

export const TOKENS: ScimToken[] = [
  { id: 't1', name: 'Entra', created: '2026-12-01T10:00:00Z', expiresAt: null, lastUsed: '2026-12-02T10:00:00Z',
    revoked: false, expired: false },
];

export const FLOWS: IdpWiring[] = [
  { alias: 'customer-idp', firstBrokerLoginFlow: 'provisioning first broker login',
    postBrokerLoginFlow: 'provisioning post broker login', wired: true, note: null },
  { alias: 'legacy', firstBrokerLoginFlow: 'custom', postBrokerLoginFlow: null, wired: false,
    note: 'add Provisioning: JIT admission' },
];

export const EXPLAIN: Explain = {
  userId: 'u1', username: 'alice', groups: ['acme-owners', 'acme-premium'], member: MEMBERS[0],
  decision: { outcome: 'admit', role: 'owner', tier: 'premium', reason: 'role-from-groups',
    message: 'Owner from acme-owners', roleGroups: ['acme-owners'], tierGroups: ['acme-premium'] },
};

export const DONE_JOB: SyncJob = {
  id: 'j1', state: 'done', triggeredBy: 'admin', started: '2026-12-03T10:00:00Z', finished: '2026-12-03T10:00:05Z',
  examined: 4, applied: 2, counts: { added: 1, removed: 1 }, error: null,
};

export const TARGETS: OutboundTarget[] = [
  { id: 'tg1', name: 'crm', enabled: true, baseUrl: 'https://crm.example.test/scim/v2',
    auth: { type: 'bearer', secretSet: true }, scope: { kind: 'all', keys: [] }, pushGroups: false,
    deprovision: 'deactivate', rateLimit: 0, quirks: [] },
];

export const STATUS: TargetStatus = {
  queue: { idle: 10, pending: 2, in_flight: 0, dead: 1 }, oldestPendingSeconds: 125, delivered: 42, failed: 3,
  lastDelivered: '2026-12-03T10:00:00Z', lastError: { at: '2026-12-03T10:01:00Z', message: 'POST /Users: 400 bad email' },
  circuit: 'closed', consecutiveFailures: 0, pausedSince: null,
};

export const DEAD: Outbox = {
  counts: { idle: 10, pending: 2, in_flight: 0, dead: 1 },
  rows: [{ resourceType: 'user', resourceId: 'u9', state: 'dead', changes: 1, attempts: 1, nextAttempt: 0,
    origin: 'scim', lastError: 'POST /Users: 400 bad email', updated: 1764756060000, delivered: null, remoteId: null }],
};

export const TEST_REPORT: TargetTestReport = {
  reachable: true, status: 200, authenticated: true,
  supports: { patch: true, bulk: false, bulkMaxOperations: 0, etag: false, filter: true, filterMaxResults: 200, sort: false },
};

export type FakeApi = { [K in keyof RealmApi]: RealmApi[K] extends (...args: infer A) => infer R
  ? ReturnType<typeof vi.fn<(...args: A) => R>> : RealmApi[K] };

/** A RealmApi answering from the fixtures; each method is a vi.fn to assert on or override. */
export function fakeApi(): FakeApi {
  const missing = () => Promise.reject(Object.assign(new Error('missing'), { isMissing: true, status: 404 }));
  return {
    realm: 'acme',
    access: vi.fn(() => Promise.resolve<Access>({ viewRealm: true, manageRealm: true, viewUsers: true, manageUsers: true })),
    overview: vi.fn(missing),
    policy: vi.fn(() => Promise.resolve(structuredClone(POLICY))),
    savePolicy: vi.fn((p: PolicyDocument) => Promise.resolve(p)),
    preview: vi.fn(() => Promise.resolve(structuredClone(PREVIEW))),
    profiles: vi.fn(() => Promise.resolve(PROFILES)),
    applyProfile: vi.fn(() => Promise.resolve(POLICY)),
    seats: vi.fn(() => Promise.resolve(SEATS)),
    members: vi.fn(() => Promise.resolve(MEMBERS)),
    member: vi.fn(() => Promise.resolve(MEMBERS[0])),
    assign: vi.fn(() => Promise.resolve(MEMBERS[0])),
    explain: vi.fn(() => Promise.resolve(EXPLAIN)),
    startSync: vi.fn(() => Promise.resolve<SyncJob>({ ...DONE_JOB, state: 'running', applied: 0, finished: null, counts: null })),
    syncs: vi.fn(() => Promise.resolve([DONE_JOB])),
    sync: vi.fn(() => Promise.resolve(DONE_JOB)),
    tokens: vi.fn(() => Promise.resolve(TOKENS)),
    createToken: vi.fn((name: string) => Promise.resolve<ScimToken>({ ...TOKENS[0], id: 't2', name, token: 'kcp_t2.secret' })),
    revokeToken: vi.fn(() => Promise.resolve()),
    brokerFlows: vi.fn(() => Promise.resolve(FLOWS)),
    wireBrokerFlows: vi.fn(() => Promise.resolve(FLOWS)),
    directoryGroups: vi.fn(() => Promise.resolve([{ id: 'g1', displayName: 'acme-staff', externalId: null, members: 3 }])),
    directoryClaims: vi.fn(() => Promise.resolve([{ value: 'acme-contractors', members: 2 }])),
    searchUsers: vi.fn(() => Promise.resolve([{ id: 'u9', username: 'zoe' }])),
    user: vi.fn(() => Promise.resolve({ id: 'u9', username: 'zoe' })),
    identityProviders: vi.fn(() => Promise.resolve([])),
    targets: vi.fn(() => Promise.resolve(structuredClone(TARGETS))),
    createTarget: vi.fn((t: OutboundTarget) => Promise.resolve({ ...t, id: 'tg2', auth: { type: t.auth.type, secretSet: true } })),
    updateTarget: vi.fn((id: string, t: OutboundTarget) => Promise.resolve({ ...t, id })),
    deleteTarget: vi.fn(() => Promise.resolve()),
    testTarget: vi.fn(() => Promise.resolve(TEST_REPORT)),
    targetStatus: vi.fn(() => Promise.resolve(structuredClone(STATUS))),
    resumeTarget: vi.fn(() => Promise.resolve({ ...STATUS, circuit: 'closed' })),
    outbox: vi.fn(() => Promise.resolve(structuredClone(DEAD))),
    replay: vi.fn(() => Promise.resolve({ replayed: 1 })),
    skip: vi.fn(() => Promise.resolve({ skipped: 1 })),
    startPush: vi.fn(missing),
    pushJobs: vi.fn(missing),
    pushJob: vi.fn(missing),
  } as unknown as FakeApi;
}

export const FULL: Access = { viewRealm: true, manageRealm: true, viewUsers: true, manageUsers: true };
export const VIEW_ONLY: Access = { viewRealm: true, manageRealm: false, viewUsers: true, manageUsers: false };

/** Renders a page inside the console's context, as an admin with {@code access}. */
export function renderPage(page: ReactElement, { api = fakeApi(), access = FULL, locale = 'en' as Locale } = {}) {
  const i18n = makeI18n(locale, () => undefined);
  const result = render(
    <I18nProvider value={i18n}>
      <ConsoleContext.Provider value={{ api: api as unknown as RealmApi, realm: 'acme', access,
        serverUrl: 'http://kc.test', scimPath: '/provisioning/scim/v2' }}>
        <main>{page}</main>
      </ConsoleContext.Provider>
    </I18nProvider>,
  );
  return { ...result, api };
}
