import { ApiError, errorFromBody } from './errors';
import type {
  Access, DirectoryClaim, DirectoryGroup, Explain, IdpWiring, Member, Overview, PolicyDocument, Preview, Profile,
  RealmBrief, ScimToken, SeatUsage, SyncJob, UserBrief, OutboundTarget, TargetStatus, Outbox, OutboxResource,
  OutboxState, TargetTestReport, PushJob, PushMode,
} from './types';

export type TokenProvider = () => Promise<string>;
export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export interface MemberFilter {
  state?: string;
  role?: string;
  tier?: string;
  first: number;
  max: number;
}

function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') {
      q.set(k, String(v));
    }
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/**
 * Calls Keycloak's public admin REST and this extension's admin API ({@code /admin/realms/{realm}/provisioning})
 * with a fresh access token. Every failure is an {@link ApiError}.
 */
export class ApiClient {
  private readonly base: string;

  constructor(serverUrl: string, private readonly token: TokenProvider, private readonly fetchImpl: Fetch =
    (input, init) => fetch(input, init)) {
    this.base = serverUrl.replace(/\/+$/, '');
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let token: string;
    try {
      token = await this.token();
    } catch (e) {
      throw new ApiError(401, e instanceof Error && e.message ? e.message : 'Not signed in');
    }
    const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw new ApiError(0, e instanceof Error ? e.message : String(e));
    }
    const raw = await res.text();
    if (!res.ok) {
      throw errorFromBody(res.status, res.statusText, raw);
    }
    if (raw.trim() === '') {
      return undefined as T;
    }
    try {
      return JSON.parse(raw) as T;
    } catch {
      throw new ApiError(res.status, `The server answered something that is not JSON (HTTP ${res.status})`);
    }
  }

  realms(): Promise<RealmBrief[]> {
    return this.request('GET', '/admin/realms?briefRepresentation=true');
  }

  realm(realm: string): RealmApi {
    return new RealmApi(this, realm);
  }
}

/** The calls about one realm. */
export class RealmApi {
  private readonly admin: string;
  private readonly prov: string;

  constructor(private readonly client: ApiClient, readonly realm: string) {
    this.admin = `/admin/realms/${encodeURIComponent(realm)}`;
    this.prov = `${this.admin}/provisioning`;
  }

  access(): Promise<Access> {
    return this.client.request('GET', `${this.prov}/access`);
  }

  overview(): Promise<Overview> {
    return this.client.request('GET', `${this.prov}/overview`);
  }

  policy(): Promise<PolicyDocument> {
    return this.client.request('GET', `${this.prov}/policy`);
  }

  /** Saves the policy; {@code force} saves it although the lockout guard refuses it. */
  savePolicy(policy: PolicyDocument, force = false): Promise<PolicyDocument> {
    return this.client.request('PUT', `${this.prov}/policy${force ? '?force=true' : ''}`, policy);
  }

  preview(policy: PolicyDocument, max = 50): Promise<Preview> {
    return this.client.request('POST', `${this.prov}/policy/preview${query({ max })}`, policy);
  }

  profiles(): Promise<Profile[]> {
    return this.client.request('GET', `${this.prov}/profiles`);
  }

  applyProfile(id: string, force = false): Promise<PolicyDocument> {
    return this.client.request('POST',
      `${this.prov}/profiles/${encodeURIComponent(id)}/apply${force ? '?force=true' : ''}`);
  }

  seats(): Promise<SeatUsage[]> {
    return this.client.request('GET', `${this.prov}/seats`);
  }

  members(filter: MemberFilter): Promise<Member[]> {
    return this.client.request('GET', `${this.prov}/members${query({ ...filter })}`);
  }

  member(userId: string): Promise<Member> {
    return this.client.request('GET', `${this.prov}/members/${encodeURIComponent(userId)}`);
  }

  assign(userId: string, role: string, tier: string | null): Promise<Member> {
    return this.client.request('PUT', `${this.prov}/members/${encodeURIComponent(userId)}`, { role, tier });
  }

  explain(userId: string): Promise<Explain> {
    return this.client.request('GET', `${this.prov}/members/${encodeURIComponent(userId)}/explain`);
  }

  startSync(): Promise<SyncJob> {
    return this.client.request('POST', `${this.prov}/sync`);
  }

  syncs(): Promise<SyncJob[]> {
    return this.client.request('GET', `${this.prov}/sync`);
  }

  sync(id: string): Promise<SyncJob> {
    return this.client.request('GET', `${this.prov}/sync/${encodeURIComponent(id)}`);
  }

  tokens(): Promise<ScimToken[]> {
    return this.client.request('GET', `${this.prov}/scim/tokens`);
  }

  createToken(name: string, expiresAt: string | null): Promise<ScimToken> {
    return this.client.request('POST', `${this.prov}/scim/tokens`, expiresAt ? { name, expiresAt } : { name });
  }

  revokeToken(id: string): Promise<void> {
    return this.client.request('DELETE', `${this.prov}/scim/tokens/${encodeURIComponent(id)}`);
  }

  brokerFlows(): Promise<IdpWiring[]> {
    return this.client.request('GET', `${this.prov}/broker-flows`);
  }

  wireBrokerFlows(): Promise<IdpWiring[]> {
    return this.client.request('POST', `${this.prov}/broker-flows`);
  }

  directoryGroups(prefix: string, max = 50): Promise<DirectoryGroup[]> {
    return this.client.request('GET', `${this.prov}/directory/groups${query({ prefix, first: 0, max })}`);
  }

  directoryClaims(prefix: string, max = 50): Promise<DirectoryClaim[]> {
    return this.client.request('GET', `${this.prov}/directory/claims${query({ prefix, first: 0, max })}`);
  }

  searchUsers(search: string, max = 10): Promise<UserBrief[]> {
    return this.client.request('GET', `${this.admin}/users${query({ search, first: 0, max, briefRepresentation: true })}`);
  }

  user(id: string): Promise<UserBrief> {
    return this.client.request('GET', `${this.admin}/users/${encodeURIComponent(id)}`);
  }

  targets(): Promise<OutboundTarget[]> {
    return this.client.request('GET', `${this.prov}/targets`);
  }

  createTarget(target: OutboundTarget): Promise<OutboundTarget> {
    return this.client.request('POST', `${this.prov}/targets`, target);
  }

  updateTarget(id: string, target: OutboundTarget): Promise<OutboundTarget> {
    return this.client.request('PUT', this.targetPath(id), target);
  }

  deleteTarget(id: string): Promise<void> {
    return this.client.request('DELETE', this.targetPath(id));
  }

  testTarget(id: string): Promise<TargetTestReport> {
    return this.client.request('POST', `${this.targetPath(id)}/test`);
  }

  targetStatus(id: string): Promise<TargetStatus> {
    return this.client.request('GET', `${this.targetPath(id)}/status`);
  }

  resumeTarget(id: string): Promise<TargetStatus> {
    return this.client.request('POST', `${this.targetPath(id)}/resume`);
  }

  outbox(id: string, state: OutboxState | null, max = 100): Promise<Outbox> {
    return this.client.request('GET', `${this.targetPath(id)}/outbox${query({ state, max })}`);
  }

  /** Dead letters become pending again ({@code resources} null: every dead letter of the target). */
  replay(id: string, resources: OutboxResource[] | null): Promise<{ replayed: number }> {
    return this.client.request('POST', `${this.targetPath(id)}/outbox/replay`, resources ? { resources } : {});
  }

  /** Dead letters become idle without being sent ({@code resources} null: every dead letter of the target). */
  skip(id: string, resources: OutboxResource[] | null): Promise<{ skipped: number }> {
    return this.client.request('POST', `${this.targetPath(id)}/outbox/skip`, resources ? { resources } : {});
  }

  startPush(id: string, mode: PushMode): Promise<PushJob> {
    return this.client.request('POST', `${this.targetPath(id)}/push`, { mode });
  }

  pushJobs(id: string): Promise<{ jobs: PushJob[] }> {
    return this.client.request('GET', `${this.targetPath(id)}/push`);
  }

  pushJob(id: string, jobId: string): Promise<PushJob> {
    return this.client.request('GET', `${this.targetPath(id)}/push/${encodeURIComponent(jobId)}`);
  }

  private targetPath(id: string): string {
    return `${this.prov}/targets/${encodeURIComponent(id)}`;
  }

  identityProviders(): Promise<{ alias: string; displayName?: string; providerId?: string }[]> {
    return this.client.request('GET', `${this.admin}/identity-provider/instances`);
  }
}
