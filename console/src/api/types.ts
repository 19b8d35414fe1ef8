/** Shapes of the server's answers (see the extension's admin API and Keycloak's admin REST). */

export type Mode = 'manual' | 'jit' | 'scim';

export interface Binding {
  client?: string | null;
  role: string;
}

export interface RoleEntry {
  key: string;
  name: string;
  binding?: Binding | null;
  groups?: string[];
}

export interface SeatTierEntry {
  key: string;
  name: string;
  capacity?: number;
  binding?: Binding | null;
  groups?: string[];
}

/** The policy document of GET/PUT /policy; fields the console does not edit are carried over unchanged. */
export interface PolicyDocument {
  profile?: string;
  mode?: Mode;
  groupMappings?: boolean;
  roles?: RoleEntry[];
  seatTiers?: SeatTierEntry[];
  jit?: { groupClaim?: string; groupClaimsByIdp?: Record<string, string>; deprovisionOnRefusal?: boolean };
  contact?: string | null;
  scim?: { deleteAction?: string; adoptBy?: string[]; organizations?: string[] };
}

export interface Profile {
  id: string;
  displayName: string;
  allowedModes: Mode[];
  tierMappingAllowed: boolean;
  seedsCatalog: boolean;
  roles: RoleEntry[];
  seatTiers: SeatTierEntry[];
}

export interface Access {
  viewRealm: boolean;
  manageRealm: boolean;
  viewUsers: boolean;
  manageUsers: boolean;
}

export interface SeatUsage {
  tier: string | null;
  name: string | null;
  capacity: number;
  used: number;
  pending: number;
}

export interface SyncJob {
  id: string;
  state: 'running' | 'done' | 'failed' | string;
  triggeredBy?: string;
  node?: string;
  started?: string;
  finished?: string | null;
  examined?: number;
  applied?: number;
  /** Users to go through, when the server knows it while the Sync runs. */
  total?: number | null;
  counts?: Record<string, number> | null;
  error?: string | null;
}

export type WarningCode = 'lockout-risk' | 'over-capacity' | 'idp-not-wired';

export interface OverviewWarning {
  code: WarningCode | string;
  params?: Record<string, string>;
}

export interface Overview {
  realm: string;
  mode: Mode;
  profile: string;
  groupMappings: boolean;
  seats: SeatUsage[];
  members: { active: number; pending: number; deprovisioned: number };
  scim: { baseUrl?: string; tokens: number; lastUsedAt: string | null };
  lastSync: SyncJob | null;
  nextSyncAt: string | null;
  warnings: OverviewWarning[];
}

export interface PreviewEntry {
  userId: string;
  username?: string | null;
  email?: string | null;
  before: string;
  after: string;
  /** The decision's reason code (absent from older servers). */
  reasonCode?: string | null;
  reason?: string | null;
}

/** The kinds of change a preview lists (PlannedChange.Kind, lowercase), in the order the console shows them. */
export const CHANGE_KINDS = ['added', 'removed', 'promoted', 'demoted', 'moved', 'pending'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface Preview {
  examined: number;
  counts: Record<string, number>;
  users: Partial<Record<string, PreviewEntry[]>>;
  seats: { tier: string; capacity: number; used: number; overCapacity: number }[];
  lockout: { refused: boolean; message?: string | null; topRole?: string | null; losingTopRole?: string[];
    /** Whether nobody would hold the most permissive role afterwards (absent from older servers). */
    leavesNoTopRole?: boolean;
    youWouldBe?: string | null };
}

export interface Member {
  userId: string;
  username: string | null;
  state: 'active' | 'pending' | 'deprovisioned' | string;
  role: string | null;
  tier: string | null;
  source: string | null;
  reasonCode: string | null;
  reason: string | null;
  groups: string[];
  stateSince: number;
  updatedAt: number;
}

export interface Explain {
  userId: string;
  username: string;
  groups: string[];
  member: Member | null;
  decision: {
    outcome: string;
    role: string | null;
    tier: string | null;
    reason: string;
    message: string | null;
    roleGroups: string[];
    tierGroups: string[];
  };
}

export interface ScimToken {
  id: string;
  name: string;
  token?: string | null;
  created: string;
  expiresAt: string | null;
  lastUsed: string | null;
  revoked: boolean;
  expired: boolean;
}

export interface IdpWiring {
  alias: string;
  firstBrokerLoginFlow: string | null;
  postBrokerLoginFlow: string | null;
  wired: boolean;
  note: string | null;
}

export interface DirectoryGroup {
  id: string;
  displayName: string;
  externalId: string | null;
  members: number;
}

export interface DirectoryClaim {
  value: string;
  lastSeenAt?: string | null;
  members?: number;
}

export interface RealmBrief {
  id?: string;
  realm: string;
  displayName?: string;
}

export interface UserBrief {
  id: string;
  username: string;
  email?: string;
  firstName?: string;
  lastName?: string;
}

export type TargetAuthType = 'bearer' | 'basic' | 'oauth2';
export type TargetScopeKind = 'all' | 'tiers' | 'roles';

/** A downstream SCIM application members are pushed to. {@code auth.secret} is write-only: answers carry secretSet. */
export interface OutboundTarget {
  id?: string;
  name: string;
  enabled?: boolean;
  baseUrl: string;
  auth: {
    type: TargetAuthType;
    secret?: string;
    secretRef?: string;
    username?: string;
    clientId?: string;
    tokenUrl?: string;
    scope?: string;
    secretSet?: boolean;
  };
  scope?: { kind: TargetScopeKind; keys?: string[] };
  pushGroups?: boolean;
  deprovision?: 'deactivate' | 'delete';
  rateLimit?: number;
  quirks?: string[];
  /** The id of the realm's SCIM connection this application also pushes users in through (never echoed back). */
  inboundConnection?: string | null;
}

export type OutboxState = 'idle' | 'pending' | 'in_flight' | 'dead';

export interface TargetStatus {
  queue: Record<OutboxState, number>;
  oldestPendingSeconds: number | null;
  delivered: number;
  failed: number;
  lastDelivered: string | null;
  lastError: { at: string; message: string } | null;
  circuit: 'closed' | 'open';
  consecutiveFailures: number;
  pausedSince: string | null;
  /** The node sending the target's changes now; null when none is (nothing to send). */
  sender?: string | null;
}

export interface OutboxRow {
  resourceType: string;
  resourceId: string;
  state: OutboxState;
  changes: number;
  attempts: number;
  nextAttempt: number;
  origin: string | null;
  lastError: string | null;
  updated: number;
  delivered: number | null;
  remoteId: string | null;
}

export interface Outbox {
  counts: Record<OutboxState, number>;
  rows: OutboxRow[];
}

export interface TargetTestReport {
  reachable: boolean;
  status?: number;
  authenticated?: boolean;
  supports?: {
    patch: boolean; bulk: boolean; bulkMaxOperations: number; etag: boolean; filter: boolean;
    filterMaxResults: number; sort: boolean;
  };
  error?: string;
}

export type PushMode = 'full' | 'reconcile';

export interface PushJob {
  id: string;
  target: string;
  mode: PushMode;
  state: 'running' | 'done' | 'failed';
  triggeredBy?: string;
  started: string;
  finished: string | null;
  examined: number;
  total: number | null;
  queued: number;
  deprovisioned: number;
  error: string | null;
}

export interface OutboxResource {
  type: 'user';
  id: string;
}
