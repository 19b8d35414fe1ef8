import { Alert, List, ListItem, Stack, StackItem, Title } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { CHANGE_KINDS, type Preview } from '../api/types';
import { ReasonText } from '../components/common';
import { useI18n } from '../i18n/i18n';
import { changeKey } from '../pages/labels';
import { describeChange, describeStanding, type Catalog } from './standing';

/** Who a candidate policy would add, remove, promote, demote, move or leave pending, and the seats afterwards. */
export function PreviewView({ preview, catalog, lockoutMessage, saveRefused = false }: {
  preview: Preview; catalog: Catalog; lockoutMessage?: string | null;
  /** The server refused a save of this change (the lockout guard): nothing was saved. */
  saveRefused?: boolean;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const changed = CHANGE_KINDS.filter((k) => (preview.counts[k] ?? 0) > 0);
  return (
    <Stack hasGutter>
      {lockoutMessage && (
        <StackItem>
          <Alert variant="danger" isInline title={t('preview.lockoutTitle')}>
            <p data-testid="lockout-message">{lockoutMessage}</p>
            {saveRefused && <p className="pf-v5-u-mt-sm pf-v5-u-font-weight-bold" data-testid="save-refused">{t('preview.saveRefused')}</p>}
            <p className="pf-v5-u-mt-sm">{t('preview.lockoutHelp')}</p>
          </Alert>
        </StackItem>
      )}
      {preview.lockout?.youWouldBe && !lockoutMessage && (
        <StackItem>
          <Alert variant="warning" isInline title={t('preview.selfDemotion', { change: describeChange(preview.lockout.youWouldBe, catalog, i18n) })} />
        </StackItem>
      )}
      <StackItem>
        <p data-testid="preview-summary">
          {changed.length === 0 ? t('preview.nothing', { examined: preview.examined })
            : t('preview.examined', { examined: preview.examined })}
        </p>
        {changed.length > 0 && (
          <List className="pf-v5-u-mt-sm">
            {changed.map((k) => (
              <ListItem key={k} data-testid={`preview-count-${k}`}>
                {t('preview.count', { kind: t(changeKey(k)), count: preview.counts[k] ?? 0 })}
              </ListItem>
            ))}
          </List>
        )}
      </StackItem>
      {changed.map((kind) => {
        const entries = preview.users[kind] ?? [];
        if (entries.length === 0) {
          return null;
        }
        const more = (preview.counts[kind] ?? 0) - entries.length;
        return (
          <StackItem key={kind}>
            <Title headingLevel="h3" size="md">{t(changeKey(kind))}</Title>
            <Table variant="compact" aria-label={t('preview.tableLabel', { kind: t(changeKey(kind)) })}>
              <Thead>
                <Tr>
                  <Th modifier="wrap">{t('members.username')}</Th>
                  <Th modifier="wrap">{t('preview.before')}</Th>
                  <Th modifier="wrap">{t('preview.after')}</Th>
                  <Th modifier="wrap">{t('members.reason')}</Th>
                </Tr>
              </Thead>
              <Tbody>
                {entries.map((e) => {
                  const name = e.username ?? e.email ?? e.userId;
                  return (
                    <Tr key={e.userId} data-testid={`preview-user-${name}`}>
                      <Td dataLabel={t('members.username')}>{name}</Td>
                      <Td dataLabel={t('preview.before')}>{describeStanding(e.before, catalog, i18n)}</Td>
                      <Td dataLabel={t('preview.after')}>{describeStanding(e.after, catalog, i18n)}</Td>
                      <Td dataLabel={t('members.reason')}><ReasonText code={e.reasonCode} detail={e.reason} /></Td>
                    </Tr>
                  );
                })}
              </Tbody>
            </Table>
            {more > 0 && <p className="pf-v5-u-font-size-sm">{t('preview.more', { count: more })}</p>}
          </StackItem>
        );
      })}
      {preview.seats.length > 0 && (
        <StackItem>
          <Title headingLevel="h3" size="md">{t('preview.seatsAfter')}</Title>
          <Table variant="compact" aria-label={t('preview.seatsAfter')}>
            <Thead>
              <Tr>
                <Th modifier="wrap">{t('policy.tier')}</Th>
                <Th modifier="wrap">{t('policy.capacity')}</Th>
                <Th modifier="wrap">{t('preview.used')}</Th>
                <Th modifier="wrap">{t('preview.overCapacity')}</Th>
              </Tr>
            </Thead>
            <Tbody>
              {preview.seats.map((s) => (
                <Tr key={s.tier} data-testid={`preview-seats-${s.tier}`}>
                  <Td dataLabel={t('policy.tier')}>{catalog.tier(s.tier)}</Td>
                  <Td dataLabel={t('policy.capacity')}>{s.capacity}</Td>
                  <Td dataLabel={t('preview.used')}>{s.used}</Td>
                  <Td dataLabel={t('preview.overCapacity')}>{s.overCapacity > 0 ? s.overCapacity : '—'}</Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        </StackItem>
      )}
    </Stack>
  );
}
