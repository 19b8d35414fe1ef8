import { Alert, Label, PageSection, Stack, StackItem, Title } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useState } from 'react';
import { ErrorAlert, GuardedButton, Loading, ReadOnlyNotice } from '../components/common';
import { useConsole } from '../components/context';
import { useLoad } from '../components/useLoad';
import { useI18n } from '../i18n/i18n';

export function FlowsPage() {
  const { api, access } = useConsole();
  const { t } = useI18n();
  const flows = useLoad(() => api.brokerFlows(), [api]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [wired, setWired] = useState(false);

  const wire = async () => {
    setBusy(true);
    setError(null);
    setWired(false);
    try {
      flows.setData(await api.wireBrokerFlows());
      setWired(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageSection variant="light">
        <Title headingLevel="h1">{t('nav.flows')}</Title>
        <p className="pf-v5-u-mt-sm">{t('flows.intro')}</p>
      </PageSection>
      <PageSection variant="light">
        <ReadOnlyNotice show={!access.manageRealm} />
        <Stack hasGutter>
          <StackItem>
            <GuardedButton variant="primary" allowed={access.manageRealm} reason={t('access.readOnly')}
              onClick={wire} isLoading={busy} isDisabled={busy} data-testid="wire-button">
              {t('flows.wire')}
            </GuardedButton>
          </StackItem>
          {wired && <StackItem><Alert variant="success" isInline title={t('flows.wired')} data-testid="wired-alert" /></StackItem>}
          {error ? <StackItem><ErrorAlert error={error} /></StackItem> : null}
          {flows.error ? <StackItem><ErrorAlert error={flows.error} /></StackItem> : null}
          <StackItem>
            {flows.loading && !flows.data ? <Loading /> : (
              <Table aria-label={t('flows.tableLabel')} variant="compact" data-testid="flows-table">
                <Thead>
                  <Tr>
                    <Th modifier="wrap">{t('flows.idp')}</Th>
                    <Th modifier="wrap">{t('flows.firstBroker')}</Th>
                    <Th modifier="wrap">{t('flows.postBroker')}</Th>
                    <Th modifier="wrap">{t('flows.status')}</Th>
                    <Th modifier="wrap">{t('flows.note')}</Th>
                  </Tr>
                </Thead>
                <Tbody>
                  {(flows.data ?? []).length === 0 && <Tr><Td colSpan={5}>{t('flows.none')}</Td></Tr>}
                  {(flows.data ?? []).map((f) => (
                    <Tr key={f.alias} data-testid={`flow-row-${f.alias}`}>
                      <Td dataLabel={t('flows.idp')}>{f.alias}</Td>
                      <Td dataLabel={t('flows.firstBroker')}>{f.firstBrokerLoginFlow ?? '—'}</Td>
                      <Td dataLabel={t('flows.postBroker')}>{f.postBrokerLoginFlow ?? '—'}</Td>
                      <Td dataLabel={t('flows.status')}>
                        <Label color={f.wired ? 'green' : 'orange'}>{t(f.wired ? 'flows.isWired' : 'flows.notWired')}</Label>
                      </Td>
                      <Td dataLabel={t('flows.note')}>{f.note ?? ''}</Td>
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
