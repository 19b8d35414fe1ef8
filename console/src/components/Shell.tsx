import {
  Brand, Button, FormSelect, FormSelectOption, Masthead, MastheadBrand, MastheadContent, MastheadMain,
  MastheadToggle, Nav, NavItem, NavList, Page, PageSection, PageSidebar, PageSidebarBody, PageToggleButton,
  Toolbar, ToolbarContent, ToolbarGroup, ToolbarItem,
} from '@patternfly/react-core';
import { BarsIcon } from '@patternfly/react-icons';
import { useEffect, useMemo, useState } from 'react';
import type { ApiClient } from '../api/client';
import type { Access } from '../api/types';
import type { Auth } from '../auth/auth';
import { LOCALE_NAMES, LOCALES, isLocale, useI18n, type MessageKey } from '../i18n/i18n';
import { ErrorAlert, Loading } from './common';
import { ConsoleContext, FULL_ACCESS, type ConsoleContextValue } from './context';
import { PAGES, defaultRealm, formatHash, parseHash, type PageId, type Route } from './route';
import { useLoad } from './useLoad';
import { OverviewPage } from '../pages/Overview';
import { PolicyPage } from '../pages/Policy';
import { MappingsPage } from '../pages/Mappings';
import { MembersPage } from '../pages/Members';
import { SyncPage } from '../pages/Sync';
import { ScimPage } from '../pages/Scim';
import { FlowsPage } from '../pages/Flows';
import { OutboundPage } from '../pages/Outbound';
import logo from '../assets/logo.svg';

const NAV_KEYS: Record<PageId, MessageKey> = {
  overview: 'nav.overview',
  policy: 'nav.policy',
  mappings: 'nav.mappings',
  members: 'nav.members',
  sync: 'nav.sync',
  scim: 'nav.scim',
  outbound: 'nav.outbound',
  flows: 'nav.flows',
};

function PageContent({ page }: { page: PageId }) {
  switch (page) {
    case 'policy':
      return <PolicyPage />;
    case 'mappings':
      return <MappingsPage />;
    case 'members':
      return <MembersPage />;
    case 'sync':
      return <SyncPage />;
    case 'scim':
      return <ScimPage />;
    case 'outbound':
      return <OutboundPage />;
    case 'flows':
      return <FlowsPage />;
    default:
      return <OverviewPage />;
  }
}

function useHashRoute(): [Route, (r: { realm: string; page: PageId }) => void] {
  const [route, setRoute] = useState<Route>(() => parseHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const navigate = (r: { realm: string; page: PageId }) => {
    const hash = formatHash(r);
    if (window.location.hash !== hash) {
      window.location.hash = hash;
    }
    setRoute(r);
  };
  return [route, navigate];
}

export interface ShellProps {
  client: ApiClient;
  auth: Auth;
  serverUrl: string;
  /** The realm the admin signed in to (its admin console is linked from the masthead). */
  loginRealm?: string;
  scimPath: string;
}

/** The page frame: masthead (realm, language, sign out), the navigation, and the page of the route. */
export function Shell({ client, auth, serverUrl, loginRealm = 'master', scimPath }: ShellProps) {
  const { t, locale, setLocale } = useI18n();
  const [route, navigate] = useHashRoute();
  const realms = useLoad(() => client.realms(), [client]);
  const realmNames = useMemo(() => (realms.data ?? []).map((r) => r.realm), [realms.data]);
  // A realm named in the address but not in the list may be newer than the list: read the list again, once per
  // name; a realm still missing then is said to be so, never replaced by another one silently.
  const unknownRealm = route.realm !== null && realms.data !== undefined && !realmNames.includes(route.realm)
    ? route.realm : null;
  const [relisted, setRelisted] = useState<string | null>(null);
  useEffect(() => {
    if (unknownRealm !== null && relisted !== unknownRealm && !realms.loading) {
      setRelisted(unknownRealm);
      realms.reload();
    }
  }, [unknownRealm, relisted, realms.loading, realms.reload]);
  const realm = route.realm === null ? defaultRealm(realmNames)
    : realmNames.includes(route.realm) ? route.realm : null;

  useEffect(() => {
    if (realm && realm !== route.realm) {
      navigate({ realm, page: route.page });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [realm, route.realm]);

  const api = useMemo(() => (realm ? client.realm(realm) : null), [client, realm]);
  const access = useLoad<Access>(async () => {
    if (!api) {
      return FULL_ACCESS;
    }
    try {
      return await api.access();
    } catch {
      // The server checks every call anyway: without /access, controls stay enabled and refusals show as errors.
      return FULL_ACCESS;
    }
  }, [api]);

  const context: ConsoleContextValue | null = useMemo(() => (api && realm && access.data ? {
    api, realm, access: access.data, serverUrl, scimPath,
  } : null), [api, realm, access.data, serverUrl, scimPath]);

  useEffect(() => {
    document.title = realm ? t('app.titleRealm', { realm }) : t('app.title');
  }, [realm, t]);

  const masthead = (
    <Masthead>
      <MastheadToggle>
        <PageToggleButton variant="plain" aria-label={t('app.toggleNav')}>
          <BarsIcon />
        </PageToggleButton>
      </MastheadToggle>
      <MastheadMain>
        <MastheadBrand component="a" href={realm ? formatHash({ realm, page: 'overview' }) : '#/'}
          className="kcp-brand">
          <Brand src={logo} alt="" heights={{ default: '36px' }} />
          <span className="kcp-brand-title">{t('app.title')}</span>
        </MastheadBrand>
      </MastheadMain>
      <MastheadContent>
        <Toolbar isFullHeight isStatic>
          <ToolbarContent>
            <ToolbarGroup align={{ default: 'alignRight' }} spacer={{ default: 'spacerMd' }}>
              <ToolbarItem>
                <FormSelect id="realm-picker" data-testid="realm-picker" aria-label={t('app.realm')}
                  value={realm ?? ''} isDisabled={realmNames.length === 0}
                  onChange={(_e, value) => value && navigate({ realm: value, page: route.page })}>
                  {realmNames.length === 0 && <FormSelectOption value="" label={t('app.noRealm')} />}
                  {realmNames.length > 0 && !realm && <FormSelectOption value="" label={t('app.pickRealm')} isPlaceholder />}
                  {(realms.data ?? []).map((r) => (
                    <FormSelectOption key={r.realm} value={r.realm}
                      label={r.displayName && r.displayName !== r.realm ? `${r.displayName} (${r.realm})` : r.realm} />
                  ))}
                </FormSelect>
              </ToolbarItem>
              <ToolbarItem>
                <FormSelect id="language-picker" data-testid="language-picker" aria-label={t('app.language')}
                  value={locale} onChange={(_e, value) => isLocale(value) && setLocale(value)}>
                  {LOCALES.map((l) => <FormSelectOption key={l} value={l} label={LOCALE_NAMES[l]} lang={l} />)}
                </FormSelect>
              </ToolbarItem>
              {auth.logout && (
                <ToolbarItem>
                  <Button component="a" variant="link" isInline className="kcp-masthead-link"
                    href={`${serverUrl.replace(/\/+$/, '')}/admin/${encodeURIComponent(loginRealm)}/console/${
                      realm ? `#/${encodeURIComponent(realm)}` : ''}`} data-testid="admin-console-link">
                    {t('app.adminConsole')}
                  </Button>
                </ToolbarItem>
              )}
              {auth.username && <ToolbarItem><span className="kcp-user">{auth.username}</span></ToolbarItem>}
              {auth.logout && (
                <ToolbarItem>
                  <Button variant="secondary" isInline={false} onClick={auth.logout} data-testid="sign-out">
                    {t('app.signOut')}
                  </Button>
                </ToolbarItem>
              )}
            </ToolbarGroup>
          </ToolbarContent>
        </Toolbar>
      </MastheadContent>
    </Masthead>
  );

  const sidebar = (
    <PageSidebar>
      <PageSidebarBody>
        <Nav aria-label={t('app.navLabel')}>
          <NavList>
            {PAGES.map((p) => (
              <NavItem key={p} itemId={p} isActive={route.page === p} data-testid={`nav-${p}`}
                to={realm ? formatHash({ realm, page: p }) : '#/'}>
                {t(NAV_KEYS[p])}
              </NavItem>
            ))}
          </NavList>
        </Nav>
      </PageSidebarBody>
    </PageSidebar>
  );

  let body;
  if (realms.error) {
    body = <PageSection><ErrorAlert error={realms.error} titleKey="error.realms" /></PageSection>;
  } else if (realms.loading || (realm && access.loading) || (unknownRealm !== null && relisted !== unknownRealm)) {
    body = <PageSection><Loading /></PageSection>;
  } else if (unknownRealm !== null) {
    body = (
      <PageSection>
        <ErrorAlert error={new Error(t('app.realmNotFound', { realm: unknownRealm }))} titleKey="error.notFound" />
      </PageSection>
    );
  } else if (!context) {
    body = <PageSection><ErrorAlert error={new Error(t('app.noRealmVisible'))} titleKey="app.noRealm" /></PageSection>;
  } else {
    body = (
      <ConsoleContext.Provider value={context}>
        <PageContent key={`${context.realm}/${route.page}`} page={route.page} />
      </ConsoleContext.Provider>
    );
  }

  return (
    // the main area scrolls: focusable, so keyboard users can scroll it (axe: scrollable-region-focusable)
    <Page header={masthead} sidebar={sidebar} isManagedSidebar mainContainerId="kcp-main" mainTabIndex={0}>
      {body}
    </Page>
  );
}
