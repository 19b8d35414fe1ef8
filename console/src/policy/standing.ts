import type { PolicyDocument } from '../api/types';
import type { I18n } from '../i18n/i18n';
import { stateKey } from '../pages/labels';

/** Display names of the role and tier keys of a policy. */
export interface Catalog {
  role: (key: string | null | undefined) => string;
  tier: (key: string | null | undefined) => string;
}

export function catalogOf(doc: PolicyDocument | undefined): Catalog {
  const roles = new Map((doc?.roles ?? []).map((r) => [r.key, r.name]));
  const tiers = new Map((doc?.seatTiers ?? []).map((t) => [t.key, t.name]));
  return {
    role: (k) => (k ? roles.get(k) ?? k : ''),
    tier: (k) => (k ? tiers.get(k) ?? k : ''),
  };
}

/**
 * A standing as the server writes it in previews ({@code none}, {@code pending user},
 * {@code active owner / premium}) in words: "Active, Owner, Premium".
 */
export function describeStanding(standing: string | null | undefined, catalog: Catalog, i18n: I18n): string {
  const s = (standing ?? '').trim();
  if (s === '' || s === 'none') {
    return i18n.t('standing.none');
  }
  const [head, tier] = s.split(' / ');
  const [state, role] = head.split(' ');
  const parts = [i18n.t(stateKey(state))];
  if (role) {
    parts.push(catalog.role(role));
  }
  if (tier) {
    parts.push(catalog.tier(tier));
  }
  return parts.join(', ');
}
