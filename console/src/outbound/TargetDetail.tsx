import {
  Alert, Button, Card, CardBody, CardHeader, CardTitle, DescriptionList, DescriptionListDescription,
  DescriptionListGroup, DescriptionListTerm, Flex, FlexItem, Label, LabelGroup, Modal, ModalVariant, Progress,
  ProgressMeasureLocation, ProgressVariant, Stack, StackItem,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useEffect, useState } from 'react';
import type {
  OutboundTarget, OutboxResource, PushJob, PushMode, ScimToken, TargetStatus, TargetTestReport,
} from '../api/types';
import { ErrorAlert, GuardedButton, Loading } from '../components/common';
import { useConsole } from '../components/context';
import { useLoad } from '../components/useLoad';
import { useI18n } from '../i18n/i18n';
import {
  age, connectionName, deadResources, health, HEALTH_COLOR, latestJob, pushPercent, pushUnavailable,
} from './targetForm';

export function HealthLabel({ status }: { status: TargetStatus }) {
  const { t } = useI18n();
  const h = health(status);
  return <Label color={HEALTH_COLOR[h]} data-testid="target-health" data-health={h}>{t(`outbound.health.${h}`)}</Label>;
}

export function Age({ seconds }: { seconds: number | null }) {
  const { t } = useI18n();
  if (seconds === null) {
    return <>{t('outbound.none')}</>;
  }
  const a = age(seconds);
  return <>{t(a.key, { n: a.n })}</>;
}

function TestResult({ report }: { report: TargetTestReport }) {
  const { t } = useI18n();
  const ok = report.reachable && report.authenticated !== false && !report.error;
  const s = report.supports;
  return (
    <Alert variant={ok ? 'success' : 'danger'} isInline data-testid="target-test-result" className="pf-v5-u-mb-md"
      title={ok ? t('outbound.test.ok', { status: report.status ?? '' }) : t('outbound.test.failed')}>
      {report.error && <p>{report.error}</p>}
      {s && (
        <LabelGroup categoryName={t('outbound.test.supports')} numLabels={8} data-testid="target-supports">
          <Label color={s.patch ? 'green' : 'grey'}>{t(s.patch ? 'outbound.test.patch' : 'outbound.test.noPatch')}</Label>
          <Label color={s.bulk ? 'green' : 'grey'}>
            {s.bulk ? t('outbound.test.bulk', { n: s.bulkMaxOperations }) : t('outbound.test.noBulk')}
          </Label>
          <Label color={s.filter ? 'green' : 'grey'}>
            {s.filter ? t('outbound.test.filter', { n: s.filterMaxResults }) : t('outbound.test.noFilter')}
          </Label>
          <Label color={s.etag ? 'green' : 'grey'}>{t(s.etag ? 'outbound.test.etag' : 'outbound.test.noEtag')}</Label>
          <Label color={s.sort ? 'green' : 'grey'}>{t(s.sort ? 'outbound.test.sort' : 'outbound.test.noSort')}</Label>
        </LabelGroup>
      )}
    </Alert>
  );
}

function PushCard({ target }: { target: OutboundTarget }) {
  const { api, access } = useConsole();
  const { t, formatDate } = useI18n();
  const id = target.id!;
  const jobs = useLoad(() => api.pushJobs(id), [api, id]);
  const [job, setJob] = useState<PushJob | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [starting, setStarting] = useState<PushMode | null>(null);
  const shown = job ?? latestJob(jobs.data?.jobs);
  const running = shown?.state === 'running';
  const unavailable = pushUnavailable(jobs.error) || pushUnavailable(error);

  useEffect(() => {
    if (!running || !shown) {
      return undefined;
    }
    const timer = setTimeout(() => {
      api.pushJob(id, shown.id).then(setJob, setError);
    }, 1000);
    return () => clearTimeout(timer);
  }, [api, id, running, shown]);

  const start = async (mode: PushMode) => {
    setStarting(mode);
    setError(null);
    try {
      setJob(await api.startPush(id, mode));
    } catch (e) {
      setError(e);
    } finally {
      setStarting(null);
    }
  };

  const percent = shown ? pushPercent(shown) : null;
  return (
    <Card isFlat data-testid="push-card">
      <CardTitle component="h3">{t('outbound.push.title')}</CardTitle>
      <CardBody>
        <p className="pf-v5-u-mb-md">{t('outbound.push.intro')}</p>
        <Flex className="pf-v5-u-mb-md">
          <FlexItem>
            <GuardedButton variant="secondary" allowed={access.manageRealm} reason={t('access.readOnly')}
              onClick={() => start('full')} isLoading={starting === 'full'}
              isDisabled={starting !== null || running || unavailable}
              data-testid="push-full">{t('outbound.push.full')}</GuardedButton>
          </FlexItem>
          <FlexItem>
            <GuardedButton variant="secondary" allowed={access.manageRealm} reason={t('access.readOnly')}
              onClick={() => start('reconcile')} isLoading={starting === 'reconcile'}
              isDisabled={starting !== null || running || unavailable} data-testid="push-reconcile">
              {t('outbound.push.reconcile')}
            </GuardedButton>
          </FlexItem>
        </Flex>
        {unavailable ? (
          <Alert variant="warning" isInline title={t('outbound.push.unavailable')} data-testid="push-unavailable" />
        ) : (
          <>
            {error ? <ErrorAlert error={error} /> : null}
            {jobs.error && !pushUnavailable(jobs.error) ? <ErrorAlert error={jobs.error} /> : null}
            {!shown && !jobs.loading && <p data-testid="push-none">{t('outbound.push.none')}</p>}
            {shown && (
              <div aria-live="polite" data-testid="push-job" data-state={shown.state}>
                <Progress value={percent ?? 0} aria-label={t('outbound.push.progress')}
                  title={t(`outbound.push.mode.${shown.mode}`) + ' · ' + formatDate(shown.started)}
                  measureLocation={ProgressMeasureLocation.top}
                  label={t('outbound.push.counts', { examined: shown.examined, total: shown.total ?? '?',
                    queued: shown.queued, deprovisioned: shown.deprovisioned })}
                  variant={shown.state === 'failed' ? ProgressVariant.danger
                    : shown.state === 'done' ? ProgressVariant.success : undefined} />
                {shown.error && <Alert variant="danger" isInline title={t('outbound.push.failed')}
                  className="pf-v5-u-mt-sm">{shown.error}</Alert>}
              </div>
            )}
          </>
        )}
      </CardBody>
    </Card>
  );
}

function DeadLetters({ target, refresh, onChanged }: { target: OutboundTarget; refresh: number;
  onChanged: () => void }) {
  const { api, access } = useConsole();
  const { t, formatDate } = useI18n();
  const id = target.id!;
  const dead = useLoad(() => api.outbox(id, 'dead', 100), [api, id, refresh]);
  const [names, setNames] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const rows = dead.data?.rows ?? [];

  useEffect(() => {
    for (const r of rows) {
      if (!(r.resourceId in names)) {
        api.user(r.resourceId).then((u) => setNames((n) => ({ ...n, [r.resourceId]: u.username })),
          () => setNames((n) => ({ ...n, [r.resourceId]: '' })));
      }
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [dead.data]);

  const act = async (kind: 'replay' | 'skip', resources: OutboxResource[] | null) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      if (kind === 'replay') {
        const r = await api.replay(id, resources);
        setDone(t('outbound.dead.replayed', { n: r.replayed }));
      } else {
        const r = await api.skip(id, resources);
        setDone(t('outbound.dead.skipped', { n: r.skipped }));
      }
      dead.reload();
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const readOnly = t('access.readOnly');
  return (
    <Card isFlat data-testid="dead-letters">
      <CardHeader actions={{ actions: rows.length > 0 ? (
        <>
          <GuardedButton variant="secondary" size="sm" allowed={access.manageRealm} reason={readOnly}
            isDisabled={busy} onClick={() => act('replay', null)} data-testid="dead-replay-all">
            {t('outbound.dead.replayAll')}
          </GuardedButton>{' '}
          <GuardedButton variant="secondary" isDanger size="sm" allowed={access.manageRealm} reason={readOnly}
            isDisabled={busy} onClick={() => act('skip', null)} data-testid="dead-skip-all">
            {t('outbound.dead.skipAll')}
          </GuardedButton>
        </>
      ) : null, hasNoOffset: true }}>
        <CardTitle component="h3">{t('outbound.dead.title')}</CardTitle>
      </CardHeader>
      <CardBody>
        <p className="pf-v5-u-mb-md">{t('outbound.dead.intro')}</p>
        {done && <Alert variant="success" isInline title={done} data-testid="dead-done" className="pf-v5-u-mb-md" />}
        {error ? <ErrorAlert error={error} /> : null}
        {dead.error ? <ErrorAlert error={dead.error} /> : null}
        {dead.loading && !dead.data ? <Loading /> : (
          <Table aria-label={t('outbound.dead.title')} variant="compact" data-testid="dead-table">
            <Thead>
              <Tr>
                <Th modifier="wrap">{t('outbound.dead.user')}</Th>
                <Th modifier="wrap">{t('outbound.dead.answer')}</Th>
                <Th modifier="wrap">{t('outbound.dead.attempts')}</Th>
                <Th modifier="wrap">{t('outbound.dead.when')}</Th>
                <Th screenReaderText={t('common.actions')} />
              </Tr>
            </Thead>
            <Tbody>
              {rows.length === 0 && <Tr><Td colSpan={5}>{t('outbound.dead.none')}</Td></Tr>}
              {deadResources(rows).map((res) => {
                const r = rows.find((x) => x.resourceId === res.id)!;
                const name = names[r.resourceId] || r.resourceId;
                return (
                  <Tr key={r.resourceId} data-testid={`dead-row-${name}`}>
                    <Td dataLabel={t('outbound.dead.user')}>{name}</Td>
                    <Td dataLabel={t('outbound.dead.answer')} modifier="breakWord">
                      <code className="kcp-answer">{r.lastError}</code>
                    </Td>
                    <Td dataLabel={t('outbound.dead.attempts')}>{r.attempts}</Td>
                    <Td dataLabel={t('outbound.dead.when')}>{formatDate(r.updated)}</Td>
                    <Td isActionCell>
                      <Flex flexWrap={{ default: 'nowrap' }} spaceItems={{ default: 'spaceItemsSm' }}>
                        <GuardedButton variant="secondary" size="sm" allowed={access.manageRealm} reason={readOnly}
                          isDisabled={busy} onClick={() => act('replay', [res])} data-testid={`dead-replay-${name}`}
                          aria-label={t('outbound.dead.replayOne', { name })}>{t('outbound.dead.replay')}</GuardedButton>
                        <GuardedButton variant="link" size="sm" allowed={access.manageRealm} reason={readOnly}
                          isDisabled={busy} onClick={() => act('skip', [res])} data-testid={`dead-skip-${name}`}
                          aria-label={t('outbound.dead.skipOne', { name })}>{t('outbound.dead.skip')}</GuardedButton>
                      </Flex>
                    </Td>
                  </Tr>
                );
              })}
            </Tbody>
          </Table>
        )}
      </CardBody>
    </Card>
  );
}

export interface TargetDetailProps {
  target: OutboundTarget;
  status: TargetStatus | undefined;
  /** Changes when the page reads the health again: the dead letters are read again with it. */
  refresh: number;
  /** The realm's SCIM connections, to name the one the app pushes users in through. */
  connections: ScimToken[] | undefined;
  onEdit: () => void;
  onDeleted: () => void;
  onChanged: () => void;
}

/** One target: its health, what it supports, its dead letters and its pushes. */
export function TargetDetail({ target, status, refresh, connections, onEdit, onDeleted, onChanged }:
  TargetDetailProps) {
  const { api, access } = useConsole();
  const { t, formatDate } = useI18n();
  const id = target.id!;
  const [report, setReport] = useState<TargetTestReport | null>(null);
  const [busy, setBusy] = useState<'test' | 'resume' | 'delete' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const readOnly = t('access.readOnly');

  const run = async (what: 'test' | 'resume' | 'delete') => {
    setBusy(what);
    setError(null);
    try {
      if (what === 'test') {
        setReport(await api.testTarget(id));
      } else if (what === 'resume') {
        await api.resumeTarget(id);
        onChanged();
      } else {
        await api.deleteTarget(id);
        setConfirmDelete(false);
        onDeleted();
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Stack hasGutter data-testid="target-detail">
      <StackItem>
        <Card isFlat>
          <CardHeader actions={{ actions: (
            <Flex spaceItems={{ default: 'spaceItemsSm' }}>
              <GuardedButton variant="primary" allowed={access.manageRealm} reason={readOnly}
                onClick={() => run('test')} isLoading={busy === 'test'} isDisabled={busy !== null}
                data-testid="target-test">{t('outbound.test')}</GuardedButton>
              <GuardedButton variant="secondary" allowed={access.manageRealm} reason={readOnly} onClick={onEdit}
                data-testid="target-edit">{t('outbound.edit')}</GuardedButton>
              <GuardedButton variant="secondary" isDanger allowed={access.manageRealm} reason={readOnly}
                onClick={() => { setError(null); setConfirmDelete(true); }} data-testid="target-delete">
                {t('outbound.delete')}
              </GuardedButton>
            </Flex>
          ), hasNoOffset: true }}>
            <CardTitle component="h2">{target.name}</CardTitle>
          </CardHeader>
          <CardBody>
            {error && !confirmDelete ? <ErrorAlert error={error} /> : null}
            {report && <TestResult report={report} />}
            {status?.circuit === 'open' && (
              <Alert variant="danger" isInline className="pf-v5-u-mb-md" data-testid="circuit-open"
                title={t('outbound.circuit.openTitle', { since: formatDate(status.pausedSince) })}
                actionLinks={
                  <GuardedButton variant="primary" size="sm" allowed={access.manageRealm} reason={readOnly}
                    onClick={() => run('resume')} isLoading={busy === 'resume'} isDisabled={busy !== null}
                    data-testid="target-resume">{t('outbound.circuit.resume')}</GuardedButton>
                }>
                {t('outbound.circuit.openHelp', { n: status.consecutiveFailures })}
              </Alert>
            )}
            {!status ? <Loading /> : (
              <DescriptionList isCompact isHorizontal columnModifier={{ default: '2Col' }} data-testid="target-status">
                <DescriptionListGroup>
                  <DescriptionListTerm>{t('outbound.col.health')}</DescriptionListTerm>
                  <DescriptionListDescription><HealthLabel status={status} /></DescriptionListDescription>
                </DescriptionListGroup>
                <DescriptionListGroup>
                  <DescriptionListTerm>{t('outbound.form.baseUrl')}</DescriptionListTerm>
                  <DescriptionListDescription><code>{target.baseUrl}</code></DescriptionListDescription>
                </DescriptionListGroup>
                <DescriptionListGroup>
                  <DescriptionListTerm>{t('outbound.col.queue')}</DescriptionListTerm>
                  <DescriptionListDescription data-testid="status-queue">
                    {t('outbound.queue', { pending: status.queue.pending ?? 0, inFlight: status.queue.in_flight ?? 0,
                      dead: status.queue.dead ?? 0 })}
                  </DescriptionListDescription>
                </DescriptionListGroup>
                <DescriptionListGroup>
                  <DescriptionListTerm>{t('outbound.col.oldest')}</DescriptionListTerm>
                  <DescriptionListDescription><Age seconds={status.oldestPendingSeconds} /></DescriptionListDescription>
                </DescriptionListGroup>
                <DescriptionListGroup>
                  <DescriptionListTerm>{t('outbound.sender')}</DescriptionListTerm>
                  <DescriptionListDescription data-testid="status-sender">
                    {status.sender ? <code className="kcp-answer">{status.sender}</code> : t('outbound.none')}
                  </DescriptionListDescription>
                </DescriptionListGroup>
                <DescriptionListGroup>
                  <DescriptionListTerm>{t('outbound.col.delivered')}</DescriptionListTerm>
                  <DescriptionListDescription data-testid="status-delivered">
                    {status.delivered}
                    {status.lastDelivered ? ` · ${t('outbound.lastDelivered', { at: formatDate(status.lastDelivered) })}` : ''}
                  </DescriptionListDescription>
                </DescriptionListGroup>
                <DescriptionListGroup>
                  <DescriptionListTerm>{t('outbound.col.failed')}</DescriptionListTerm>
                  <DescriptionListDescription data-testid="status-failed">
                    {t('outbound.failedInARow', { failed: status.failed, n: status.consecutiveFailures })}
                  </DescriptionListDescription>
                </DescriptionListGroup>
                <DescriptionListGroup>
                  <DescriptionListTerm>{t('outbound.col.lastError')}</DescriptionListTerm>
                  <DescriptionListDescription data-testid="status-last-error">
                    {status.lastError ? (
                      <><span className="pf-v5-u-display-block">{formatDate(status.lastError.at)}</span>
                        <code className="kcp-answer">{status.lastError.message}</code></>
                    ) : t('outbound.none')}
                  </DescriptionListDescription>
                </DescriptionListGroup>
                <DescriptionListGroup>
                  <DescriptionListTerm>{t('outbound.form.scope')}</DescriptionListTerm>
                  <DescriptionListDescription>
                    {t(`outbound.scope.${target.scope?.kind ?? 'all'}`)}
                    {(target.scope?.keys ?? []).length > 0 ? `: ${(target.scope?.keys ?? []).join(', ')}` : ''}
                    {' · '}{t(`outbound.deprovision.${target.deprovision ?? 'deactivate'}`)}
                  </DescriptionListDescription>
                </DescriptionListGroup>
                <DescriptionListGroup>
                  <DescriptionListTerm>{t('outbound.form.inbound')}</DescriptionListTerm>
                  <DescriptionListDescription data-testid="target-inbound-connection-shown">
                    {connectionName(connections, target.inboundConnection) ?? t('outbound.none')}
                  </DescriptionListDescription>
                </DescriptionListGroup>
              </DescriptionList>
            )}
          </CardBody>
        </Card>
      </StackItem>
      <StackItem><DeadLetters target={target} refresh={refresh} onChanged={onChanged} /></StackItem>
      <StackItem><PushCard target={target} /></StackItem>
      <Modal variant={ModalVariant.small} isOpen={confirmDelete} onClose={() => setConfirmDelete(false)}
        title={t('outbound.deleteTitle', { name: target.name })} titleIconVariant="warning"
        data-testid="target-delete-modal"
        actions={[
          <Button key="delete" variant="danger" onClick={() => run('delete')} isLoading={busy === 'delete'}
            isDisabled={busy !== null} data-testid="target-delete-confirm">{t('outbound.delete')}</Button>,
          <Button key="cancel" variant="link" onClick={() => setConfirmDelete(false)}>{t('common.cancel')}</Button>,
        ]}>
        {error ? <ErrorAlert error={error} /> : null}
        <p>{t('outbound.deleteHelp')}</p>
      </Modal>
    </Stack>
  );
}
