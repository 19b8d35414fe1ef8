import { Alert, Bullseye, Page, PageSection, Spinner } from '@patternfly/react-core';
import { useEffect, useMemo, useState } from 'react';
import { ApiClient, type TokenProvider } from '../api/client';
import { hostedAuth, keycloakAuth, type Auth } from '../auth/auth';
import { I18nProvider, isLocale, makeI18n, pickLocale, translate, type Locale } from '../i18n/i18n';
import { Shell } from './Shell';

export interface ConsoleAppProps {
  serverUrl: string;
  /** The realm the admin signs in to (master for most admins). */
  loginRealm: string;
  clientId: string;
  scimPath: string;
  locale?: string | null;
  tokenProvider?: TokenProvider;
  configError?: string | null;
}

function useLocale(attribute: string | null | undefined): [Locale, (l: Locale) => void] {
  const [locale, setLocale] = useState<Locale>(() =>
    pickLocale(attribute, window.location.search, navigator.languages ?? [navigator.language]));
  useEffect(() => {
    if (isLocale(attribute)) {
      setLocale(attribute);
    }
  }, [attribute]);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const choose = (l: Locale) => {
    setLocale(l);
    const url = new URL(window.location.href);
    url.searchParams.set('lang', l);
    window.history.replaceState(window.history.state, '', url.toString());
  };
  return [locale, choose];
}

/** The console: signs the admin in (or uses the host's tokens), then shows the pages. */
export function ConsoleApp({ serverUrl, loginRealm, clientId, scimPath, locale: localeAttribute, tokenProvider,
  configError }: ConsoleAppProps) {
  const [locale, setLocale] = useLocale(localeAttribute);
  const i18n = useMemo(() => makeI18n(locale, setLocale), [locale]); // eslint-disable-line react-hooks/exhaustive-deps
  const [auth, setAuth] = useState<Auth | null>(null);
  const [authError, setAuthError] = useState<string | null>(null);

  useEffect(() => {
    if (configError) {
      return;
    }
    let live = true;
    setAuth(null);
    setAuthError(null);
    if (tokenProvider) {
      setAuth(hostedAuth(tokenProvider));
      return;
    }
    keycloakAuth({ serverUrl, realm: loginRealm, clientId, consoleUrl: window.location.href }).then(
      (a) => live && setAuth(a),
      (e: unknown) => live && setAuthError(e instanceof Error ? e.message : String(e ?? '')),
    );
    return () => {
      live = false;
    };
  }, [serverUrl, loginRealm, clientId, tokenProvider, configError]);

  const client = useMemo(() => (auth ? new ApiClient(serverUrl, auth.token) : null), [auth, serverUrl]);

  let content;
  if (configError || authError !== null) {
    content = (
      <Page>
        <PageSection>
          <Alert variant="danger" title={translate(locale, configError ? 'error.config' : 'error.signIn')}
            data-testid="error-alert">
            {configError ?? authError}
          </Alert>
        </PageSection>
      </Page>
    );
  } else if (!auth || !client) {
    content = (
      <Bullseye className="pf-v5-u-p-xl">
        <Spinner size="xl" aria-label={translate(locale, 'app.signingIn')} />
      </Bullseye>
    );
  } else {
    content = <Shell client={client} auth={auth} serverUrl={serverUrl} loginRealm={loginRealm} scimPath={scimPath} />;
  }
  return <I18nProvider value={i18n}>{content}</I18nProvider>;
}
