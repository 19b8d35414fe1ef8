import type { Mode, PolicyDocument, Profile } from '../api/types';

/**
 * What the Policy and Group mappings pages edit. Everything else in the policy document (role bindings, claims
 * per IdP, SCIM settings) is carried over unchanged from the document the server gave.
 */
export interface PolicyForm {
  mode: Mode;
  groupMappings: boolean;
  /** Per seat-tier key, the capacity as typed. */
  capacities: Record<string, string>;
  groupClaim: string;
  contact: string;
  /** Per role key, the IdP groups mapped to it. */
  roleGroups: Record<string, string[]>;
  /** Per seat-tier key, the IdP groups mapped to it. */
  tierGroups: Record<string, string[]>;
}

export function toForm(doc: PolicyDocument): PolicyForm {
  const roles = doc.roles ?? [];
  const tiers = doc.seatTiers ?? [];
  return {
    mode: doc.mode ?? 'manual',
    groupMappings: doc.groupMappings === true,
    capacities: Object.fromEntries(tiers.map((t) => [t.key, String(t.capacity ?? 0)])),
    groupClaim: doc.jit?.groupClaim ?? 'groups',
    contact: doc.contact ?? '',
    roleGroups: Object.fromEntries(roles.map((r) => [r.key, [...(r.groups ?? [])]])),
    tierGroups: Object.fromEntries(tiers.map((t) => [t.key, [...(t.groups ?? [])]])),
  };
}

const cleanGroups = (groups: string[] | undefined): string[] => {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const g of groups ?? []) {
    const v = g.trim();
    if (v !== '' && !seen.has(v.toLowerCase())) {
      seen.add(v.toLowerCase());
      out.push(v);
    }
  }
  return out;
};

/** The document to preview and save: {@code base} with the form's values. */
export function toDocument(base: PolicyDocument, form: PolicyForm): PolicyDocument {
  const copy: PolicyDocument = JSON.parse(JSON.stringify(base)) as PolicyDocument;
  copy.mode = form.mode;
  copy.groupMappings = form.groupMappings;
  copy.roles = (copy.roles ?? []).map((r) => ({ ...r, groups: cleanGroups(form.roleGroups[r.key] ?? r.groups) }));
  copy.seatTiers = (copy.seatTiers ?? []).map((t) => {
    const typed = form.capacities[t.key];
    const capacity = typed === undefined ? t.capacity ?? 0 : Number(typed.trim());
    return { ...t, capacity, groups: cleanGroups(form.tierGroups[t.key] ?? t.groups) };
  });
  copy.jit = { ...(copy.jit ?? {}), groupClaim: form.groupClaim.trim() };
  const contact = form.contact.trim();
  if (contact === '') {
    delete copy.contact;
  } else {
    copy.contact = contact;
  }
  return copy;
}

/** A problem the console finds before asking the server, named by the policy field the server would name. */
export interface FormProblem {
  field: string;
  key: 'policy.error.capacity' | 'policy.error.groupClaim';
}

export function checkForm(base: PolicyDocument, form: PolicyForm): FormProblem[] {
  const problems: FormProblem[] = [];
  (base.seatTiers ?? []).forEach((t, i) => {
    const typed = form.capacities[t.key];
    if (typed !== undefined && !/^\s*\d{1,9}\s*$/.test(typed)) {
      problems.push({ field: `seatTiers[${i}].capacity`, key: 'policy.error.capacity' });
    }
  });
  if (form.mode !== 'manual' && form.groupClaim.trim() === '') {
    problems.push({ field: 'jit.groupClaim', key: 'policy.error.groupClaim' });
  }
  return problems;
}

/** Whether the profile allows the mode; a profile the console does not know allows everything. */
export function modeAllowed(profile: Profile | undefined, mode: Mode): boolean {
  return !profile || profile.allowedModes.includes(mode);
}

/** Admins assign roles and tiers by hand in Manual mode, and in JIT or SCIM mode without group mappings. */
export function assignmentAllowed(doc: PolicyDocument | undefined): boolean {
  if (!doc) {
    return false;
  }
  return (doc.mode ?? 'manual') === 'manual' || doc.groupMappings !== true;
}

/** Whether the form differs from the document (so there is something to preview and save). */
export function isDirty(base: PolicyDocument, form: PolicyForm): boolean {
  return JSON.stringify(toDocument(base, form)) !== JSON.stringify(toDocument(base, toForm(base)));
}
