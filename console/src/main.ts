import { ELEMENT_NAME } from './element';

interface ConsoleConfig {
  serverUrl?: string;
  realm?: string;
  clientId?: string;
  scimPath?: string;
  locale?: string;
}

/** Without config.json: this server, the realm in the path (/realms/{realm}/provisioning/console/). */
function fallbackConfig(): ConsoleConfig {
  const match = /\/realms\/([^/]+)\//.exec(window.location.pathname);
  return {
    serverUrl: window.location.origin,
    realm: match ? decodeURIComponent(match[1]) : 'master',
    clientId: 'provisioning-console',
  };
}

async function boot() {
  const element = document.querySelector(ELEMENT_NAME)
    ?? document.body.appendChild(document.createElement(ELEMENT_NAME));
  let config: ConsoleConfig;
  try {
    const res = await fetch('./config.json', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!res.ok) {
      throw new Error(`config.json: HTTP ${res.status}`);
    }
    config = { ...fallbackConfig(), ...((await res.json()) as ConsoleConfig) };
  } catch (e) {
    if (window.location.protocol === 'file:') {
      element.setAttribute('config-error', e instanceof Error ? e.message : String(e));
      return;
    }
    config = fallbackConfig();
  }
  const attributes: [string, string | undefined][] = [
    ['server-url', config.serverUrl], ['realm', config.realm], ['client-id', config.clientId],
    ['scim-path', config.scimPath], ['locale', config.locale],
  ];
  for (const [name, value] of attributes) {
    if (value) {
      element.setAttribute(name, value);
    }
  }
}

void boot();
