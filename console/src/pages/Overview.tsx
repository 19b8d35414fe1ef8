import {
  Alert, Card, CardBody, CardTitle, DescriptionList, DescriptionListDescription, DescriptionListGroup,
  DescriptionListTerm, Gallery, PageSection, Progress, ProgressMeasureLocation, ProgressVariant, Stack, StackItem,
  Title,
} from '@patternfly/react-core';
import type { OverviewWarning, SeatUsage } from '../api/types';
import { ErrorAlert, Loading, ReadOnlyNotice } from '../components/common';
import { useConsole } from '../components/context';
import { useLoad } from '../components/useLoad';
import { useI18n, type MessageKey } from '../i18n/i18n';
import { loadOverview } from './overviewData';
import { modeLabelKey, syncStateKey } from './labels';

const WARNING_KEYS: Record<string, MessageKey> = {
  'lockout-risk': 'warning.lockout-risk',
  'over-capacity': 'warning.over-capacity',
  'idp-not-wired': 'warning.idp-not-wired',
};

export function WarningAlert({ warning }: { warning: OverviewWarning }) {
  const { t } = useI18n();
  const key = WARNING_KEYS[warning.code];
  const params = warning.params ?? {};
  const title = key ? t(key, params) : t('warning.unknown', { code: warning.code });
  const detail = warning.code === 'idp-not-wired' && params.missing
    ? t('warning.idp-not-wired.missing', { missing: params.missing })
    : warning.code === 'lockout-risk' ? t('help.lostOwner.short') : undefined;
  return (
    <Alert variant={warning.code === 'over-capacity' ? 'danger' : 'warning'} isInline title={title}
      data-testid={`warning-${warning.code}`}>
      {detail}
    </Alert>
  );
}

export function SeatMeter({ seat }: { seat: SeatUsage }) {
  const { t } = useI18n();
  const tier = seat.tier ?? 'any';
  const name = seat.name ?? seat.tier ?? t('overview.anyTier');
  const percent = seat.capacity > 0 ? Math.min(100, Math.round((seat.used * 100) / seat.capacity))
    : seat.used > 0 ? 100 : 0;
  const over = seat.used > seat.capacity;
  const text = t('overview.seatsUsed', { used: seat.used, capacity: seat.capacity });
  return (
    <div data-testid={`seat-meter-${tier}`}>
      <Progress value={percent} title={name} label={text} valueText={`${name}: ${text}`}
        aria-label={t('overview.seatMeterLabel', { tier: name })}
        measureLocation={ProgressMeasureLocation.outside}
        variant={over ? ProgressVariant.danger : percent >= 90 ? ProgressVariant.warning : undefined} />
      {seat.pending > 0 && (
        <p className="pf-v5-u-font-size-sm pf-v5-u-mt-xs">{t('overview.tierPending', { count: seat.pending })}</p>
      )}
    </div>
  );
}

export function OverviewPage() {
  const { api, access } = useConsole();
  const { t, formatDate } = useI18n();
  const overview = useLoad(() => loadOverview(api), [api]);
  const profiles = useLoad(() => api.profiles().catch(() => []), [api]);
  if (overview.loading && !overview.data) {
    return <PageSection><Loading /></PageSection>;
  }
  if (!overview.data) {
    return <PageSection><Title headingLevel="h1">{t('nav.overview')}</Title><ErrorAlert error={overview.error} /></PageSection>;
  }
  const o = overview.data;
  const tiers = o.seats.filter((s) => s.tier);
  const profileName = profiles.data?.find((p) => p.id === o.profile)?.displayName ?? o.profile;
  const waitingAnyTier = o.seats.filter((s) => !s.tier).reduce((n, s) => n + s.pending, 0);
  const last = o.lastSync;
  return (
    <>
      <PageSection variant="light">
        <Title headingLevel="h1">{t('nav.overview')}</Title>
        <p className="pf-v5-u-mt-sm">{t('overview.intro', { realm: o.realm })}</p>
      </PageSection>
      <PageSection>
        <ReadOnlyNotice show={!access.manageRealm} />
        <Stack hasGutter>
          {o.warnings.length > 0 && (
            <StackItem>
              <section aria-label={t('overview.warnings')}>
                <Stack hasGutter>
                  {o.warnings.map((w, i) => <StackItem key={i}><WarningAlert warning={w} /></StackItem>)}
                </Stack>
              </section>
            </StackItem>
          )}
          <StackItem>
            <Gallery hasGutter minWidths={{ default: '100%', md: '280px', xl: '220px' }}>
              <Card>
                <CardTitle component="h2">{t('overview.policy')}</CardTitle>
                <CardBody>
                  <DescriptionList isCompact>
                    <DescriptionListGroup>
                      <DescriptionListTerm>{t('policy.mode')}</DescriptionListTerm>
                      <DescriptionListDescription data-testid="overview-mode">{t(modeLabelKey(o.mode))}</DescriptionListDescription>
                    </DescriptionListGroup>
                    <DescriptionListGroup>
                      <DescriptionListTerm>{t('policy.profile')}</DescriptionListTerm>
                      <DescriptionListDescription data-testid="overview-profile">{profileName}</DescriptionListDescription>
                    </DescriptionListGroup>
                    <DescriptionListGroup>
                      <DescriptionListTerm>{t('policy.groupMappings')}</DescriptionListTerm>
                      <DescriptionListDescription>{t(o.groupMappings ? 'common.on' : 'common.off')}</DescriptionListDescription>
                    </DescriptionListGroup>
                  </DescriptionList>
                </CardBody>
              </Card>
              <Card>
                <CardTitle component="h2">{t('overview.members')}</CardTitle>
                <CardBody>
                  <DescriptionList isCompact>
                    <DescriptionListGroup>
                      <DescriptionListTerm>{t('state.active')}</DescriptionListTerm>
                      <DescriptionListDescription>{o.members.active}</DescriptionListDescription>
                    </DescriptionListGroup>
                    <DescriptionListGroup>
                      <DescriptionListTerm>{t('state.pending')}</DescriptionListTerm>
                      <DescriptionListDescription>
                        <span data-testid="pending-count">{o.members.pending}</span>
                      </DescriptionListDescription>
                    </DescriptionListGroup>
                    <DescriptionListGroup>
                      <DescriptionListTerm>{t('state.deprovisioned')}</DescriptionListTerm>
                      <DescriptionListDescription>{o.members.deprovisioned}</DescriptionListDescription>
                    </DescriptionListGroup>
                  </DescriptionList>
                </CardBody>
              </Card>
              <Card>
                <CardTitle component="h2">{t('overview.scim')}</CardTitle>
                <CardBody>
                  <DescriptionList isCompact>
                    <DescriptionListGroup>
                      <DescriptionListTerm>{t('overview.scimTokens')}</DescriptionListTerm>
                      <DescriptionListDescription data-testid="overview-scim-tokens">{o.scim.tokens}</DescriptionListDescription>
                    </DescriptionListGroup>
                    <DescriptionListGroup>
                      <DescriptionListTerm>{t('overview.scimLastUse')}</DescriptionListTerm>
                      <DescriptionListDescription>{formatDate(o.scim.lastUsedAt)}</DescriptionListDescription>
                    </DescriptionListGroup>
                  </DescriptionList>
                </CardBody>
              </Card>
              <Card>
                <CardTitle component="h2">{t('overview.sync')}</CardTitle>
                <CardBody>
                  <DescriptionList isCompact>
                    <DescriptionListGroup>
                      <DescriptionListTerm>{t('overview.lastSync')}</DescriptionListTerm>
                      <DescriptionListDescription data-testid="overview-last-sync">
                        {last ? `${t(syncStateKey(last.state))}, ${formatDate(last.finished ?? last.started)}` : t('common.never')}
                      </DescriptionListDescription>
                    </DescriptionListGroup>
                    <DescriptionListGroup>
                      <DescriptionListTerm>{t('overview.nextSync')}</DescriptionListTerm>
                      <DescriptionListDescription>
                        {o.nextSyncAt ? formatDate(o.nextSyncAt) : t('overview.notScheduled')}
                      </DescriptionListDescription>
                    </DescriptionListGroup>
                  </DescriptionList>
                </CardBody>
              </Card>
            </Gallery>
          </StackItem>
          <StackItem>
            <Card>
              <CardTitle component="h2">{t('overview.seats')}</CardTitle>
              <CardBody>
                {tiers.length === 0 ? <p>{t('overview.noTiers')}</p> : (
                  <Stack hasGutter>
                    {tiers.map((s) => <StackItem key={s.tier}><SeatMeter seat={s} /></StackItem>)}
                    {waitingAnyTier > 0 && (
                      <StackItem>
                        <p className="pf-v5-u-font-size-sm" data-testid="seats-waiting-any-tier">
                          {t('overview.anyTierPending', { count: waitingAnyTier })}
                        </p>
                      </StackItem>
                    )}
                  </Stack>
                )}
              </CardBody>
            </Card>
          </StackItem>
        </Stack>
      </PageSection>
    </>
  );
}
