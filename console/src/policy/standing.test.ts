import { describe, expect, it } from 'vitest';
import { makeI18n } from '../i18n/i18n';
import { POLICY } from '../test/fixtures';
import { catalogOf, describeChange, lockoutText } from './standing';

const catalog = catalogOf(POLICY);
const en = makeI18n('en', () => undefined);
const fr = makeI18n('fr', () => undefined);

describe('the lockout guard in words', () => {
  const noOwner = { refused: true, message: 'This policy leaves the organization with no Owner: olivia would lose'
    + ' the role.', topRole: 'Owner', losingTopRole: ['olivia', 'oscar'], leavesNoTopRole: true, youWouldBe: null };

  it('names who would lose the most permissive role, in the console\'s language', () => {
    expect(lockoutText(noOwner, catalog, en))
      .toBe('This policy leaves the organization with no Owner: olivia, oscar would lose the role.');
    expect(lockoutText(noOwner, catalog, fr))
      .toBe('Cette politique laisse l\'organisation sans aucun Owner ; le rôle serait retiré à : olivia, oscar.');
  });

  it('words a change to the admin\'s own access from the catalog', () => {
    const self = { refused: true, message: 'It would demote you (active owner -> active user).', topRole: 'Owner',
      losingTopRole: [], leavesNoTopRole: false, youWouldBe: 'active owner / premium -> active user / premium' };
    expect(lockoutText(self, catalog, en))
      .toBe('It would change your own access: Active, Owner, Premium → Active, User, Premium.');
    expect(describeChange('active owner -> none', catalog, fr)).toBe('Actif, Owner → Non membre');
  });

  it('says nothing when the guard does not refuse, and keeps an older server\'s message', () => {
    expect(lockoutText({ ...noOwner, refused: false }, catalog, en)).toBeNull();
    expect(lockoutText(undefined, catalog, en)).toBeNull();
    const older = { refused: true, message: 'Server words.', topRole: 'Owner', losingTopRole: ['olivia'] };
    expect(lockoutText(older, catalog, fr)).toBe('Server words.');
  });
});
