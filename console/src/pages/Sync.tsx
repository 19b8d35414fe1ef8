import {
  Alert, Card, CardBody, CardTitle, List, ListItem, PageSection, Progress, ProgressMeasureLocation, ProgressVariant,
  Stack, StackItem, Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useEffect, useRef, useState } from 'react';
import type { SyncJob } from '../api/types';
import { CHANGE_KINDS } from '../api/types';
import { ErrorAlert, GuardedButton, Loading, ReadOnlyNotice } from '../components/common';
import { useConsole } from '../components/context';
import { useLoad } from '../components/useLoad';
import { useI18n } from '../i18n/i18n';
import { isRunning, pollSync, progressPercent } from '../sync/poller';
import { changeKey, syncStateKey, triggerLabel } from './labels';

export function SyncCounts({ job }: { job: SyncJob }) {
  const { t } = useI18n();
  const counts = job.counts ?? {};
  const kinds = CHANGE_KINDS.filter((k) => (counts[k] ?? 0) > 0);
  return (
    <div data-testid="sync-counts">
      <p>{t('sync.examined', { examined: job.examined ?? 0, applied: job.applied ?? 0 })}</p>
      {kinds.length === 0 ? <p>{t('sync.noChange')}</p> : (
        <List>
          {kinds.map((k) => (
            <ListItem key={k} data-testid={`sync-count-${k}`}>
              {t('preview.count', { kind: t(changeKey(k)), count: counts[k] ?? 0 })}
            </ListItem>
          ))}
        </List>
      )}
    </div>
  );
}

export function SyncProgress({ job }: { job: SyncJob }) {
  const { t } = useI18n();
  const percent = progressPercent(job);
  const running = isRunning(job);
  const label = running
    ? percent === null ? t('sync.appliedSoFar', { applied: job.applied ?? 0 })
      : t('sync.appliedOf', { applied: job.applied ?? 0, total: job.total ?? 0, percent })
    : t(syncStateKey(job.state));
  return (
    <Progress data-testid="sync-progress" data-state={job.state} value={percent ?? 0} title={t('sync.progressTitle')}
      aria-label={t('sync.progressTitle')} label={label} valueText={label}
      measureLocation={ProgressMeasureLocation.top}
      variant={job.state === 'failed' ? ProgressVariant.danger : running ? undefined : ProgressVariant.success} />
  );
}

export function SyncPage() {
  const { api, access } = useConsole();
  const { t, formatDate } = useI18n();
  const recent = useLoad(() => api.syncs(), [api]);
  const [job, setJob] = useState<SyncJob | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [starting, setStarting] = useState(false);
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const follow = async (first: SyncJob) => {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    try {
      await pollSync((id) => api.sync(id), first, { onUpdate: setJob, signal: controller.signal });
      if (!controller.signal.aborted) {
        recent.reload();
      }
    } catch (e) {
      setError(e);
    }
  };

  // A Sync already running (started elsewhere, or before a reload) is followed as well.
  useEffect(() => {
    const running = recent.data?.find(isRunning);
    if (running && !job) {
      void follow(running);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [recent.data]);

  const start = async () => {
    setStarting(true);
    setError(null);
    try {
      const first = await api.startSync();
      setStarting(false);
      await follow(first);
    } catch (e) {
      setError(e);
      setStarting(false);
    }
  };

  const running = job !== null && isRunning(job);
  return (
    <>
      <PageSection variant="light">
        <Title headingLevel="h1">{t('nav.sync')}</Title>
        <p className="pf-v5-u-mt-sm">{t('sync.intro')}</p>
      </PageSection>
      <PageSection variant="light">
        <ReadOnlyNotice show={!access.manageRealm} />
        <Stack hasGutter>
          <StackItem>
            <GuardedButton variant="primary" allowed={access.manageRealm} reason={t('access.readOnly')}
              onClick={start} isLoading={starting || running} isDisabled={starting || running}
              data-testid="sync-now-button">
              {running ? t('sync.running') : t('sync.now')}
            </GuardedButton>
          </StackItem>
          {error ? <StackItem><ErrorAlert error={error} /></StackItem> : null}
          {job && (
            <StackItem>
              <Card isFlat>
                <CardTitle component="h2">{t('sync.current', { started: formatDate(job.started) })}</CardTitle>
                <CardBody>
                  <div aria-live="polite">
                    <SyncProgress job={job} />
                  </div>
                  {job.state === 'failed' && (
                    <Alert variant="danger" isInline title={t('sync.failed')} className="pf-v5-u-mt-md">{job.error}</Alert>
                  )}
                  {!isRunning(job) && job.state !== 'failed' && <div className="pf-v5-u-mt-md"><SyncCounts job={job} /></div>}
                </CardBody>
              </Card>
            </StackItem>
          )}
          <StackItem>
            <Title headingLevel="h2" size="lg">{t('sync.recent')}</Title>
            {recent.error ? <ErrorAlert error={recent.error} /> : null}
            {recent.loading && !recent.data ? <Loading /> : (
              <Table aria-label={t('sync.recent')} variant="compact" data-testid="sync-table">
                <Thead>
                  <Tr>
                    <Th modifier="wrap">{t('sync.started')}</Th>
                    <Th modifier="wrap">{t('sync.finished')}</Th>
                    <Th modifier="wrap">{t('sync.state')}</Th>
                    <Th modifier="wrap">{t('sync.triggeredBy')}</Th>
                    <Th modifier="wrap">{t('sync.examinedColumn')}</Th>
                    <Th modifier="wrap">{t('sync.changes')}</Th>
                  </Tr>
                </Thead>
                <Tbody>
                  {(recent.data ?? []).length === 0 && <Tr><Td colSpan={6}>{t('sync.none')}</Td></Tr>}
                  {(recent.data ?? []).map((j) => (
                    <Tr key={j.id}>
                      <Td dataLabel={t('sync.started')}>{formatDate(j.started)}</Td>
                      <Td dataLabel={t('sync.finished')}>{j.finished ? formatDate(j.finished) : '—'}</Td>
                      <Td dataLabel={t('sync.state')}>{t(syncStateKey(j.state))}{j.error ? `: ${j.error}` : ''}</Td>
                      <Td dataLabel={t('sync.triggeredBy')}>{triggerLabel(j.triggeredBy, t)}</Td>
                      <Td dataLabel={t('sync.examinedColumn')}>{j.examined ?? 0}</Td>
                      <Td dataLabel={t('sync.changes')}>
                        {CHANGE_KINDS.filter((k) => (j.counts?.[k] ?? 0) > 0)
                          .map((k) => t('preview.count', { kind: t(changeKey(k)), count: j.counts?.[k] ?? 0 })).join(', ') || '—'}
                      </Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
            )}
          </StackItem>
        </Stack>
      </PageSection>
    </>
  );
}
