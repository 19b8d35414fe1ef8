import { describe, expect, it, vi } from 'vitest';
import { ApiClient, type Fetch } from './client';
import { ApiError, errorFromBody } from './errors';

function respond(status: number, body: string) {
  return vi.fn<Fetch>(() => Promise.resolve(new Response(body, { status })));
}

describe('errorFromBody', () => {
  it('reads one error with the field it names', () => {
    const e = errorFromBody(400, 'Bad Request',
      '{"field":"mode","errorMessage":"mode \'scim\' is not allowed by profile \'team\'"}');
    expect(e.status).toBe(400);
    expect(e.field).toBe('mode');
    expect(e.message).toBe("mode 'scim' is not allowed by profile 'team'");
  });

  it('reads every error of a refused policy', () => {
    const e = errorFromBody(400, '', JSON.stringify({ errorMessage: 'Invalid provisioning policy', errors: [
      { field: 'roles', errorMessage: 'at least one role' }, { field: 'seatTiers[0].capacity', errorMessage: '0 or more' }] }));
    expect(e.errors).toEqual([{ field: 'roles', message: 'at least one role' },
      { field: 'seatTiers[0].capacity', message: '0 or more' }]);
    expect(e.message).toBe('Invalid provisioning policy');
  });

  it('tells a lockout refusal from other conflicts', () => {
    const lockout = errorFromBody(409, '', '{"errors":[{"field":"roles","errorMessage":"no Owner: alice would lose it"}]}');
    const full = errorFromBody(409, '', '{"errorMessage":"tier premium is full"}');
    expect(lockout.isLockout).toBe(true);
    expect(lockout.message).toBe('no Owner: alice would lose it');
    expect(full.isLockout).toBe(false);
  });

  it('reads OAuth-style errors', () => {
    expect(errorFromBody(401, '', '{"error":"HTTP 401 Unauthorized"}').message).toBe('HTTP 401 Unauthorized');
  });

  it('falls back to the status when the body is not JSON', () => {
    const e = errorFromBody(502, 'Bad Gateway', '<html>proxy</html>');
    expect(e.message).toBe('HTTP 502 Bad Gateway');
    expect(e.errors).toEqual([{ message: 'HTTP 502 Bad Gateway' }]);
  });
});

describe('ApiClient', () => {
  const policy = { profile: 'team', mode: 'jit' as const };

  it('sends the access token and JSON body', async () => {
    const fetch = respond(200, '{}');
    await new ApiClient('http://kc.test/', () => Promise.resolve('tok'), fetch).realm('acme').savePolicy(policy);
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('http://kc.test/admin/realms/acme/provisioning/policy');
    expect(init?.method).toBe('PUT');
    expect((init?.headers as Record<string, string>).Authorization).toBe('Bearer tok');
    expect(init?.body).toBe(JSON.stringify(policy));
  });

  it('adds force=true only when saving anyway', async () => {
    const fetch = respond(200, '{}');
    const api = new ApiClient('http://kc.test', () => Promise.resolve('tok'), fetch).realm('acme');
    await api.savePolicy(policy, true);
    await api.applyProfile('team', true);
    await api.applyProfile('team');
    expect(fetch.mock.calls.map((c) => c[0])).toEqual([
      'http://kc.test/admin/realms/acme/provisioning/policy?force=true',
      'http://kc.test/admin/realms/acme/provisioning/profiles/team/apply?force=true',
      'http://kc.test/admin/realms/acme/provisioning/profiles/team/apply',
    ]);
  });

  it('previews at most 50 users of each kind', async () => {
    const fetch = respond(200, '{"examined":0}');
    await new ApiClient('http://kc.test', () => Promise.resolve('t'), fetch).realm('acme').preview(policy);
    expect(fetch.mock.calls[0][0]).toBe('http://kc.test/admin/realms/acme/provisioning/policy/preview?max=50');
    expect(fetch.mock.calls[0][1]?.method).toBe('POST');
  });

  it('throws the parsed error of a refused call', async () => {
    const fetch = respond(409, '{"errors":[{"field":"roles","errorMessage":"alice would lose Owner"}]}');
    const call = new ApiClient('http://kc.test', () => Promise.resolve('t'), fetch).realm('acme').savePolicy(policy);
    await expect(call).rejects.toMatchObject({ status: 409, isLockout: true, message: 'alice would lose Owner' });
  });

  it('reports an unreachable server as status 0', async () => {
    const fetch = vi.fn<Fetch>(() => Promise.reject(new TypeError('Failed to fetch')));
    const call = new ApiClient('http://kc.test', () => Promise.resolve('t'), fetch).realms();
    await expect(call).rejects.toBeInstanceOf(ApiError);
    await expect(call).rejects.toMatchObject({ status: 0 });
  });

  it('answers undefined for an empty 204', async () => {
    const fetch = vi.fn<Fetch>(() => Promise.resolve(new Response(null, { status: 204 })));
    await expect(new ApiClient('http://kc.test', () => Promise.resolve('t'), fetch).realm('acme').revokeToken('x'))
      .resolves.toBeUndefined();
  });

  it('escapes realm names and ids in paths', async () => {
    const fetch = respond(200, '[]');
    await new ApiClient('http://kc.test', () => Promise.resolve('t'), fetch).realm('a b').explain('id/1');
    expect(fetch.mock.calls[0][0]).toBe('http://kc.test/admin/realms/a%20b/provisioning/members/id%2F1/explain');
  });
});
