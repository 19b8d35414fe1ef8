import { Button, PageSection, Stack, StackItem, Title, Toolbar, ToolbarContent, ToolbarItem } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useCallback, useEffect, useState } from 'react';
import type { OutboundTarget, TargetStatus } from '../api/types';
import { ErrorAlert, GuardedButton, Loading, ReadOnlyNotice } from '../components/common';
import { useConsole } from '../components/context';
import { useLoad } from '../components/useLoad';
import { useI18n } from '../i18n/i18n';
import { Age, HealthLabel, TargetDetail } from '../outbound/TargetDetail';
import { TargetFormModal } from '../outbound/TargetFormModal';

/** How often the page reads the targets' health again while it is open. */
export const STATUS_REFRESH_MS = 5000;

/**
 * Downstream apps: the realm's outbound SCIM targets with their health, added, edited, tested and removed here;
 * a target's dead letters replayed or skipped, a paused one resumed, a full push or reconcile started.
 */
export function OutboundPage() {
  const { api, access } = useConsole();
  const { t } = useI18n();
  const targets = useLoad(() => api.targets(), [api]);
  const policy = useLoad(() => api.policy(), [api]);
  const connections = useLoad(() => api.tokens(), [api]);
  const [statuses, setStatuses] = useState<Record<string, TargetStatus>>({});
  const [selected, setSelected] = useState<string | null>(null);
  const [editing, setEditing] = useState<OutboundTarget | 'new' | null>(null);
  const [tick, setTick] = useState(0);
  const list = targets.data ?? [];
  const current = list.find((x) => x.id === selected) ?? null;

  const readStatuses = useCallback(async (of: OutboundTarget[]) => {
    const read = await Promise.all(of.map((x) => api.targetStatus(x.id!).then((s) => [x.id!, s] as const,
      () => null)));
    setStatuses(Object.fromEntries(read.filter((r): r is readonly [string, TargetStatus] => r !== null)));
  }, [api]);

  useEffect(() => {
    if (targets.data) {
      void readStatuses(targets.data);
    }
  }, [targets.data, readStatuses, tick]);

  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), STATUS_REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    if (selected === null && list.length > 0) {
      setSelected(list[0].id!);
    }
  }, [list, selected]);

  // the SCIM connections are read again each time the form opens: one may have been made since
  const edit = (what: OutboundTarget | 'new') => {
    connections.reload();
    setEditing(what);
  };

  const save = async (rep: OutboundTarget) => {
    if (editing === 'new') {
      const created = await api.createTarget(rep);
      setSelected(created.id!);
    } else if (editing) {
      await api.updateTarget(editing.id!, rep);
    }
    setEditing(null);
    targets.reload();
  };

  return (
    <>
      <PageSection variant="light">
        <Title headingLevel="h1">{t('nav.outbound')}</Title>
        <p className="pf-v5-u-mt-sm">{t('outbound.intro')}</p>
      </PageSection>
      <PageSection variant="light">
        <ReadOnlyNotice show={!access.manageRealm} />
        <Stack hasGutter>
          <StackItem>
            <Toolbar inset={{ default: 'insetNone' }}>
              <ToolbarContent>
                <ToolbarItem>
                  <GuardedButton variant="primary" allowed={access.manageRealm} reason={t('access.readOnly')}
                    onClick={() => edit('new')} data-testid="target-add">{t('outbound.add')}</GuardedButton>
                </ToolbarItem>
                <ToolbarItem>
                  <Button variant="link" onClick={() => { targets.reload(); setTick((n) => n + 1); }}
                    data-testid="targets-refresh">{t('outbound.refresh')}</Button>
                </ToolbarItem>
              </ToolbarContent>
            </Toolbar>
            {targets.error ? <ErrorAlert error={targets.error} /> : null}
            {targets.loading && !targets.data ? <Loading /> : (
              <Table aria-label={t('nav.outbound')} variant="compact" data-testid="targets-table">
                <Thead>
                  <Tr>
                    <Th modifier="wrap">{t('outbound.form.name')}</Th>
                    <Th modifier="wrap">{t('outbound.col.health')}</Th>
                    <Th modifier="wrap">{t('outbound.col.queue')}</Th>
                    <Th modifier="wrap">{t('outbound.col.oldest')}</Th>
                    <Th modifier="wrap">{t('outbound.col.delivered')}</Th>
                    <Th modifier="wrap">{t('outbound.col.failed')}</Th>
                    <Th modifier="wrap">{t('outbound.col.lastError')}</Th>
                  </Tr>
                </Thead>
                <Tbody>
                  {list.length === 0 && <Tr><Td colSpan={7} data-testid="targets-none">{t('outbound.noTargets')}</Td></Tr>}
                  {list.map((x) => {
                    const s = statuses[x.id!];
                    return (
                      <Tr key={x.id} isClickable isRowSelected={x.id === selected} onRowClick={() => setSelected(x.id!)}
                        data-testid={`target-row-${x.name}`}>
                        <Td dataLabel={t('outbound.form.name')}>
                          <Button variant="link" isInline onClick={() => setSelected(x.id!)}
                            data-testid={`target-open-${x.name}`}>{x.name}</Button>
                          {x.enabled === false && <span className="pf-v5-u-ml-sm">({t('outbound.disabled')})</span>}
                          <span className="pf-v5-u-display-block pf-v5-u-font-size-sm pf-v5-u-color-200">{x.baseUrl}</span>
                        </Td>
                        <Td dataLabel={t('outbound.col.health')}>{s ? <HealthLabel status={s} /> : '…'}</Td>
                        <Td dataLabel={t('outbound.col.queue')} data-testid={`target-queue-${x.name}`}>
                          {s ? t('outbound.queue', { pending: s.queue.pending ?? 0, inFlight: s.queue.in_flight ?? 0,
                            dead: s.queue.dead ?? 0 }) : '…'}
                        </Td>
                        <Td dataLabel={t('outbound.col.oldest')}>{s ? <Age seconds={s.oldestPendingSeconds} /> : '…'}</Td>
                        <Td dataLabel={t('outbound.col.delivered')}>{s ? s.delivered : '…'}</Td>
                        <Td dataLabel={t('outbound.col.failed')}>{s ? s.failed : '…'}</Td>
                        <Td dataLabel={t('outbound.col.lastError')} modifier="truncate" className="kcp-last-error">
                          {s?.lastError?.message ?? ''}
                        </Td>
                      </Tr>
                    );
                  })}
                </Tbody>
              </Table>
            )}
          </StackItem>
          {current && (
            <StackItem>
              <TargetDetail key={current.id} target={current} status={statuses[current.id!]} refresh={tick}
                connections={connections.data} onEdit={() => edit(current)}
                onDeleted={() => { setSelected(null); targets.reload(); }}
                onChanged={() => setTick((n) => n + 1)} />
            </StackItem>
          )}
        </Stack>
      </PageSection>
      {editing !== null && (
        <TargetFormModal target={editing === 'new' ? null : editing} policy={policy.data}
          connections={connections.data}
          onSave={save} onClose={() => setEditing(null)} />
      )}
    </>
  );
}
