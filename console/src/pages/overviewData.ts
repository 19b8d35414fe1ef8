import type { RealmApi } from '../api/client';
import type { Overview, OverviewWarning } from '../api/types';

/**
 * The Overview from {@code GET /overview}; when the server does not have that endpoint, put together from the
 * older ones (policy, seats, tokens, Syncs, broker flows).
 */
export async function loadOverview(api: RealmApi): Promise<Overview> {
  try {
    return await api.overview();
  } catch (e) {
    if (!(e instanceof Error && 'isMissing' in e && (e as { isMissing: boolean }).isMissing)) {
      throw e;
    }
  }
  const [policy, seats, tokens, syncs, flows] = await Promise.all([
    api.policy(), api.seats(), api.tokens().catch(() => []), api.syncs().catch(() => []),
    api.brokerFlows().catch(() => []),
  ]);
  const warnings: OverviewWarning[] = [];
  for (const s of seats) {
    if (s.tier && s.used > s.capacity) {
      warnings.push({ code: 'over-capacity',
        params: { tier: s.name ?? s.tier, used: String(s.used), capacity: String(s.capacity) } });
    }
  }
  if ((policy.mode ?? 'manual') !== 'manual') {
    for (const f of flows) {
      if (!f.wired) {
        warnings.push({ code: 'idp-not-wired', params: { idp: f.alias, ...(f.note ? { missing: f.note } : {}) } });
      }
    }
  }
  const live = tokens.filter((t) => !t.revoked && !t.expired);
  const lastUsed = live.map((t) => t.lastUsed).filter((u): u is string => !!u).sort().pop() ?? null;
  return {
    realm: api.realm,
    mode: policy.mode ?? 'manual',
    profile: policy.profile ?? 'custom',
    groupMappings: policy.groupMappings === true,
    seats,
    members: { active: seats.filter((s) => s.tier).reduce((n, s) => n + s.used, 0),
      pending: seats.reduce((n, s) => n + s.pending, 0), deprovisioned: 0 },
    scim: { tokens: live.length, lastUsedAt: lastUsed },
    lastSync: syncs[0] ?? null,
    nextSyncAt: null,
    warnings,
  };
}
