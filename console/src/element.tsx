import '@patternfly/patternfly/patternfly.css';
import '@patternfly/patternfly/patternfly-addons.css';
import './console.css';
import { createRoot, type Root } from 'react-dom/client';
import type { TokenProvider } from './api/client';
import { ConsoleApp } from './components/ConsoleApp';

export const ELEMENT_NAME = 'provisioning-console';
export const DEFAULT_SCIM_PATH = '/provisioning/scim/v2';

/**
 * {@code <provisioning-console server-url realm client-id [locale] [scim-path]>}: the whole console, rendered into
 * the element's light DOM. A host that already has the admin's session (the admin console) sets the
 * {@code tokenProvider} property to a function returning a Promise of an access token; the element then does not
 * sign in by itself.
 */
export class ProvisioningConsoleElement extends HTMLElement {
  static observedAttributes = ['server-url', 'realm', 'client-id', 'locale', 'scim-path', 'config-error'];

  private root: Root | null = null;
  private provider: TokenProvider | undefined;
  private scheduled = false;

  get tokenProvider(): TokenProvider | undefined {
    return this.provider;
  }

  set tokenProvider(value: TokenProvider | undefined) {
    this.provider = typeof value === 'function' ? value : undefined;
    this.schedule();
  }

  connectedCallback() {
    // A property set before the element was defined shadows the accessor: move it over.
    if (Object.prototype.hasOwnProperty.call(this, 'tokenProvider')) {
      const value = (this as unknown as { tokenProvider?: TokenProvider }).tokenProvider;
      delete (this as unknown as { tokenProvider?: TokenProvider }).tokenProvider;
      this.tokenProvider = value;
    }
    this.schedule();
  }

  disconnectedCallback() {
    const root = this.root;
    this.root = null;
    // Unmounting synchronously inside a React render is refused; a microtask later is safe.
    queueMicrotask(() => root?.unmount());
  }

  attributeChangedCallback() {
    this.schedule();
  }

  /** Renders once per task, after the host had a chance to set all attributes and properties. */
  private schedule() {
    if (this.scheduled) {
      return;
    }
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.render();
    });
  }

  private render() {
    if (!this.isConnected) {
      return;
    }
    const serverUrl = this.getAttribute('server-url');
    const realm = this.getAttribute('realm');
    const clientId = this.getAttribute('client-id');
    const configError = this.getAttribute('config-error');
    const ready = serverUrl && realm && (clientId || this.provider);
    if (!ready && !configError) {
      return;
    }
    this.root ??= createRoot(this);
    this.root.render(
      <ConsoleApp serverUrl={serverUrl ?? ''} loginRealm={realm ?? ''} clientId={clientId ?? ''}
        scimPath={this.getAttribute('scim-path') || DEFAULT_SCIM_PATH} locale={this.getAttribute('locale')}
        tokenProvider={this.provider} configError={configError} />,
    );
  }
}

if (!customElements.get(ELEMENT_NAME)) {
  customElements.define(ELEMENT_NAME, ProvisioningConsoleElement);
}
