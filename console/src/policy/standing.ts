import type { PolicyDocument, Preview } from '../api/types';
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

/** A change as the server writes it ({@code active owner -> active user}) in words: "Active, Owner → Active, User". */
export function describeChange(change: string, catalog: Catalog, i18n: I18n): string {
  const [before, after] = change.split(' -> ');
  return after === undefined ? describeStanding(before, catalog, i18n)
    : `${describeStanding(before, catalog, i18n)} → ${describeStanding(after, catalog, i18n)}`;
}

/**
 * Why the lockout guard refuses a previewed change, in the console's language: nobody left in the most permissive
 * role (naming who would lose it), a change to the admin's own access, or both. Null when it does not refuse; the
 * server's own (English) message when the preview does not say which (an older server).
 */
export function lockoutText(lockout: Preview['lockout'] | undefined, catalog: Catalog, i18n: I18n): string | null {
  if (!lockout?.refused) {
    return null;
  }
  const parts: string[] = [];
  if (lockout.leavesNoTopRole && lockout.topRole) {
    parts.push(i18n.t('preview.lockoutNoTop', { role: lockout.topRole,
      names: (lockout.losingTopRole ?? []).join(', ') }));
  }
  if (lockout.youWouldBe) {
    parts.push(i18n.t('preview.lockoutSelf', { change: describeChange(lockout.youWouldBe, catalog, i18n) }));
  }
  if (parts.length === 0 || lockout.leavesNoTopRole === undefined) {
    return lockout.message || parts.join(' ') || null;
  }
  return parts.join(' ');
}
