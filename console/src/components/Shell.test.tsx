import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { POLICY, PROFILES, SEATS } from '../test/fixtures';
import '../element';

const ANSWERS: Record<string, unknown> = {
  '/admin/realms?briefRepresentation=true': [{ realm: 'master' }, { realm: 'acme' }, { realm: 'zeta' }],
  '/admin/realms/acme/provisioning/access': { viewRealm: true, manageRealm: false, viewUsers: true, manageUsers: false },
  '/admin/realms/acme/provisioning/policy': POLICY,
  '/admin/realms/acme/provisioning/profiles': PROFILES,
  '/admin/realms/acme/provisioning/seats': SEATS,
  '/admin/realms/acme/provisioning/scim/tokens': [],
  '/admin/realms/acme/provisioning/sync': [],
  '/admin/realms/acme/provisioning/broker-flows': [],
  '/admin/realms/zeta/provisioning/access': { viewRealm: true, manageRealm: true, viewUsers: true, manageUsers: true },
  '/admin/realms/zeta/provisioning/policy': POLICY,
  '/admin/realms/zeta/provisioning/profiles': PROFILES,
};

let fetchMock: ReturnType<typeof vi.fn>;

beforeEach(() => {
  window.location.hash = '';
  fetchMock = vi.fn((input: string) => {
    const path = input.replace('http://kc.test', '');
    return Promise.resolve(path in ANSWERS ? new Response(JSON.stringify(ANSWERS[path]), { status: 200 })
      : new Response('{"error":"HTTP 404 Not Found"}', { status: 404 }));
  });
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(() => {
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
});

function mount(locale?: string) {
  const element = document.createElement('provisioning-console') as HTMLElement & { tokenProvider?: () => Promise<string> };
  element.tokenProvider = () => Promise.resolve('host-token');
  element.setAttribute('server-url', 'http://kc.test');
  element.setAttribute('realm', 'master');
  if (locale) {
    element.setAttribute('locale', locale);
  }
  document.body.appendChild(element);
  return element;
}

describe('<provisioning-console>', () => {
  it('uses the host\'s tokens without signing in itself, and opens the first realm that is not master', async () => {
    mount();
    const picker = await screen.findByTestId('realm-picker');
    await waitFor(() => expect((picker as HTMLSelectElement).value).toBe('acme'));
    // the hash follows in an effect after the render that picked the realm
    await waitFor(() => expect(window.location.hash).toBe('#/acme/overview'));
    const init = fetchMock.mock.calls[0][1] as RequestInit;
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer host-token');
    for (const page of ['overview', 'policy', 'mappings', 'members', 'sync', 'scim', 'flows']) {
      expect(screen.getByTestId(`nav-${page}`).getAttribute('href')).toBe(`#/acme/${page}`);
    }
  });

  it('shows the view-only notice from /access and follows the hash', async () => {
    mount();
    const picker = await screen.findByTestId('realm-picker');
    await waitFor(() => expect((picker as HTMLSelectElement).value).toBe('acme'));
    window.location.hash = '#/acme/policy';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect((await screen.findByTestId('readonly-notice')).textContent).toContain('manage-realm');
  });

  it('switches realm from the picker, remembering it in the hash', async () => {
    mount();
    const picker = await screen.findByTestId('realm-picker');
    await waitFor(() => expect((picker as HTMLSelectElement).value).toBe('acme'));
    fireEvent.change(picker, { target: { value: 'zeta' } });
    await waitFor(() => expect(window.location.hash).toBe('#/zeta/overview'));
  });

  it('speaks the locale attribute and sets <html lang>', async () => {
    mount('id');
    const nav = await screen.findByTestId('nav-members');
    expect(nav.textContent).toBe('Anggota');
    expect(document.documentElement.lang).toBe('id');
    fireEvent.change(screen.getByTestId('language-picker'), { target: { value: 'fr' } });
    await waitFor(() => expect(screen.getByTestId('nav-members').textContent).toBe('Membres'));
    expect(document.documentElement.lang).toBe('fr');
    expect(within(screen.getByTestId('language-picker')).getAllByRole('option')).toHaveLength(3);
  });

  it('reads the realm list again for a realm in the address that it does not know yet', async () => {
    window.location.hash = '#/fresh/members';
    let listed = 0;
    const fresh: Record<string, unknown> = {
      '/admin/realms/fresh/provisioning/access': ANSWERS['/admin/realms/zeta/provisioning/access'],
      '/admin/realms/fresh/provisioning/policy': POLICY,
      '/admin/realms/fresh/provisioning/members?first=0&max=21': [],
    };
    fetchMock.mockImplementation((input: string) => {
      const path = input.replace('http://kc.test', '');
      if (path === '/admin/realms?briefRepresentation=true') {
        listed += 1;
        const realms = [{ realm: 'master' }, { realm: 'acme' }, ...(listed > 1 ? [{ realm: 'fresh' }] : [])];
        return Promise.resolve(new Response(JSON.stringify(realms), { status: 200 }));
      }
      const body = fresh[path] ?? ANSWERS[path];
      return Promise.resolve(body !== undefined ? new Response(JSON.stringify(body), { status: 200 })
        : new Response('{"error":"HTTP 404 Not Found"}', { status: 404 }));
    });
    mount();
    const picker = await screen.findByTestId('realm-picker');
    await waitFor(() => expect((picker as HTMLSelectElement).value).toBe('fresh'));
    expect(listed).toBe(2);
    expect(window.location.hash).toBe('#/fresh/members');
  });

  it('says a realm in the address does not exist rather than showing another one', async () => {
    window.location.hash = '#/gone/policy';
    mount('en');
    const alert = await screen.findByTestId('error-alert');
    expect(alert.textContent).toContain('There is no realm gone');
    expect(window.location.hash).toBe('#/gone/policy');
    expect((screen.getByTestId('realm-picker') as HTMLSelectElement).value).toBe('');
    expect(fetchMock.mock.calls.filter(([url]) => String(url).endsWith('/admin/realms?briefRepresentation=true')))
      .toHaveLength(2);
    expect(fetchMock.mock.calls.some(([url]) => String(url).includes('/realms/acme/provisioning'))).toBe(false);
  });

  it('says what went wrong when the realms cannot be listed', async () => {
    fetchMock.mockImplementation(() => Promise.resolve(new Response('{"error":"HTTP 403 Forbidden"}', { status: 403 })));
    mount();
    expect((await screen.findByTestId('error-alert')).textContent).toContain('HTTP 403 Forbidden');
  });
});
