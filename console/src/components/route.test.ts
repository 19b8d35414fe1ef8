import { describe, expect, it } from 'vitest';
import { defaultRealm, formatHash, parseHash } from './route';

describe('hash routes', () => {
  it('reads realm and page', () => {
    expect(parseHash('#/acme/members')).toEqual({ realm: 'acme', page: 'members' });
    expect(parseHash('#/my%20realm/sync')).toEqual({ realm: 'my realm', page: 'sync' });
  });

  it('shows the Overview for a missing or unknown page', () => {
    expect(parseHash('#/acme')).toEqual({ realm: 'acme', page: 'overview' });
    expect(parseHash('#/acme/nope')).toEqual({ realm: 'acme', page: 'overview' });
    expect(parseHash('')).toEqual({ realm: null, page: 'overview' });
  });

  it('writes what it reads', () => {
    expect(parseHash(formatHash({ realm: 'a/b', page: 'scim' }))).toEqual({ realm: 'a/b', page: 'scim' });
  });

  it('defaults to the first realm that is not master', () => {
    expect(defaultRealm(['master', 'acme', 'zeta'])).toBe('acme');
    expect(defaultRealm(['master'])).toBe('master');
    expect(defaultRealm([])).toBeNull();
  });
});
