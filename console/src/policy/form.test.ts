import { describe, expect, it } from 'vitest';
import { POLICY, PROFILES } from '../test/fixtures';
import { assignmentAllowed, checkForm, isDirty, modeAllowed, toDocument, toForm } from './form';

describe('policy form and policy document', () => {
  it('an untouched form gives back the same document', () => {
    expect(toDocument(POLICY, toForm(POLICY))).toEqual(POLICY);
  });

  it('reads what the pages edit', () => {
    const form = toForm(POLICY);
    expect(form).toMatchObject({ mode: 'jit', groupMappings: true, groupClaim: 'groups', contact: 'IT help desk' });
    expect(form.capacities).toEqual({ premium: '5', standard: '20' });
    expect(form.roleGroups.owner).toEqual(['acme-owners']);
    expect(form.tierGroups.standard).toEqual([]);
  });

  it('writes the edits and keeps everything else (bindings, claims per IdP, SCIM settings)', () => {
    const form = toForm(POLICY);
    form.mode = 'scim';
    form.capacities.premium = ' 7 ';
    form.roleGroups.admin = ['acme-admins', ' acme-leads ', 'ACME-ADMINS', ''];
    form.groupClaim = ' roles ';
    const doc = toDocument(POLICY, form);
    expect(doc.mode).toBe('scim');
    expect(doc.seatTiers?.[0]).toEqual({ ...POLICY.seatTiers![0], capacity: 7 });
    expect(doc.roles?.[1].groups).toEqual(['acme-admins', 'acme-leads']);
    expect(doc.roles?.[1].binding).toEqual({ role: 'org-admin' });
    expect(doc.jit).toEqual({ ...POLICY.jit, groupClaim: 'roles' });
    expect(doc.scim).toEqual(POLICY.scim);
  });

  it('drops an empty contact rather than sending a blank one', () => {
    const form = toForm(POLICY);
    form.contact = '   ';
    expect('contact' in toDocument(POLICY, form)).toBe(false);
  });

  it('does not change the document it started from', () => {
    const before = JSON.stringify(POLICY);
    const form = toForm(POLICY);
    form.roleGroups.owner.push('x');
    toDocument(POLICY, form);
    expect(JSON.stringify(POLICY)).toBe(before);
  });

  it('a policy never configured reads as Manual', () => {
    expect(toForm({})).toMatchObject({ mode: 'manual', groupMappings: false, groupClaim: 'groups', contact: '' });
  });

  it('names a capacity that is not a whole number by its field', () => {
    const form = toForm(POLICY);
    form.capacities.standard = '2.5';
    expect(checkForm(POLICY, form)).toEqual([{ field: 'seatTiers[1].capacity', key: 'policy.error.capacity' }]);
    form.capacities.standard = '-1';
    expect(checkForm(POLICY, form)).toHaveLength(1);
    form.capacities.standard = '12';
    expect(checkForm(POLICY, form)).toEqual([]);
  });

  it('sees whether anything changed', () => {
    const form = toForm(POLICY);
    expect(isDirty(POLICY, form)).toBe(false);
    expect(isDirty(POLICY, { ...form, groupMappings: false })).toBe(true);
  });

  it('allows only the modes of the profile', () => {
    expect(modeAllowed(PROFILES[0], 'scim')).toBe(false);
    expect(modeAllowed(PROFILES[0], 'jit')).toBe(true);
    expect(modeAllowed(undefined, 'scim')).toBe(true);
  });

  it('allows assigning roles in Manual mode and without group mappings only', () => {
    expect(assignmentAllowed({ mode: 'manual', groupMappings: true })).toBe(true);
    expect(assignmentAllowed({ mode: 'jit', groupMappings: false })).toBe(true);
    expect(assignmentAllowed({ mode: 'scim', groupMappings: true })).toBe(false);
    expect(assignmentAllowed(undefined)).toBe(false);
  });
});
