import Keycloak from 'keycloak-js';
import type { TokenProvider } from '../api/client';

/** How the console gets access tokens: its own keycloak-js login, or a host's token getter. */
export interface Auth {
  token: TokenProvider;
  /** The signed-in admin, when known. */
  username?: string;
  /** Absent when a host (the admin console) owns the session. */
  logout?: () => void;
}

export interface LoginOptions {
  serverUrl: string;
  realm: string;
  clientId: string;
  /** Where the console is (its index.html); the silent check page sits beside it. */
  consoleUrl: string;
}

/** A host's token getter, e.g. the admin console's, used as it is. */
export function hostedAuth(tokenProvider: TokenProvider): Auth {
  return { token: tokenProvider };
}

/**
 * Signs in with keycloak-js: PKCE, silent SSO first (an admin already signed in to the admin console gets in without
 * a prompt), the login page otherwise. Resolves once signed in; a redirect to the login page never resolves.
 */
export async function keycloakAuth({ serverUrl, realm, clientId, consoleUrl }: LoginOptions): Promise<Auth> {
  const keycloak = new Keycloak({ url: serverUrl, realm, clientId });
  const here = consoleUrl.replace(/[?#].*$/, '');
  const dir = here.endsWith('/') ? here : here.replace(/[^/]*$/, '');
  const authenticated = await keycloak.init({
    onLoad: 'check-sso',
    pkceMethod: 'S256',
    responseMode: 'query',
    silentCheckSsoRedirectUri: `${dir}silent-check-sso.html`,
    checkLoginIframe: false,
  });
  if (!authenticated) {
    await keycloak.login({ redirectUri: consoleUrl });
    return new Promise<Auth>(() => undefined);
  }
  // the access token is lightweight (it names no one): the ID token names the admin
  const username = (keycloak.idTokenParsed as { preferred_username?: string } | undefined)?.preferred_username;
  return {
    username,
    token: async () => {
      try {
        await keycloak.updateToken(30);
      } catch {
        await keycloak.login({ redirectUri: window.location.href });
        throw new Error('The session ended: signing in again');
      }
      return keycloak.token ?? '';
    },
    logout: () => {
      void keycloak.logout({ redirectUri: here });
    },
  };
}
