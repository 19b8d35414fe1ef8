import {
  ActionGroup, Alert, Button, Card, CardBody, CardTitle, ClipboardCopy, Form, FormGroup, FormHelperText, Grid,
  GridItem, HelperText, HelperTextItem, Label, List, ListItem, Modal, ModalVariant, OrderType, PageSection, Stack,
  StackItem, TextInput, Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useState } from 'react';
import type { ScimToken } from '../api/types';
import { ErrorAlert, GuardedButton, Loading, ReadOnlyNotice } from '../components/common';
import { useConsole } from '../components/context';
import { useLoad } from '../components/useLoad';
import { useI18n } from '../i18n/i18n';

/** The SCIM endpoint the customer's IdP pushes to. */
export function scimBaseUrl(serverUrl: string, realm: string, scimPath: string): string {
  return `${serverUrl.replace(/\/+$/, '')}/realms/${encodeURIComponent(realm)}${scimPath.startsWith('/') ? '' : '/'}${scimPath}`;
}

/** An expiry picked as a date means the start of that day, UTC; empty means never. */
export function expiryInstant(date: string): string | null {
  return /^\d{4}-\d{2}-\d{2}$/.test(date.trim()) ? `${date.trim()}T00:00:00Z` : null;
}

function SetupSteps({ baseUrl }: { baseUrl: string }) {
  const { t } = useI18n();
  return (
    <Grid hasGutter md={6}>
      <GridItem>
        <Card isFullHeight isFlat>
          <CardTitle component="h2">{t('scim.entra.title')}</CardTitle>
          <CardBody>
            <List component="ol" type={OrderType.number}>
              <ListItem>{t('scim.entra.step1')}</ListItem>
              <ListItem>{t('scim.entra.step2', { url: baseUrl })}</ListItem>
              <ListItem>{t('scim.entra.step3')}</ListItem>
              <ListItem>{t('scim.entra.step4')}</ListItem>
            </List>
          </CardBody>
        </Card>
      </GridItem>
      <GridItem>
        <Card isFullHeight isFlat>
          <CardTitle component="h2">{t('scim.okta.title')}</CardTitle>
          <CardBody>
            <List component="ol" type={OrderType.number}>
              <ListItem>{t('scim.okta.step1', { url: baseUrl })}</ListItem>
              <ListItem>{t('scim.okta.step2')}</ListItem>
              <ListItem>{t('scim.okta.step3')}</ListItem>
              <ListItem>{t('scim.okta.step4')}</ListItem>
            </List>
          </CardBody>
        </Card>
      </GridItem>
    </Grid>
  );
}

function tokenStatus(token: ScimToken): 'revoked' | 'expired' | 'active' {
  return token.revoked ? 'revoked' : token.expired ? 'expired' : 'active';
}

export function ScimPage() {
  const { api, access, realm, serverUrl, scimPath } = useConsole();
  const { t, formatDate } = useI18n();
  const tokens = useLoad(() => api.tokens(), [api]);
  const [name, setName] = useState('');
  const [expiry, setExpiry] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<ScimToken | null>(null);
  const [revoking, setRevoking] = useState<ScimToken | null>(null);
  const [revokeError, setRevokeError] = useState<unknown>(null);
  const canEdit = access.manageRealm;
  const readOnly = t('access.readOnly');
  const baseUrl = scimBaseUrl(serverUrl, realm, scimPath);

  const create = async () => {
    if (name.trim() === '') {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const token = await api.createToken(name.trim(), expiryInstant(expiry));
      setCreated(token);
      setName('');
      setExpiry('');
      tokens.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async () => {
    if (!revoking) {
      return;
    }
    setBusy(true);
    setRevokeError(null);
    try {
      await api.revokeToken(revoking.id);
      setRevoking(null);
      tokens.reload();
    } catch (e) {
      setRevokeError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageSection variant="light">
        <Title headingLevel="h1">{t('nav.scim')}</Title>
        <p className="pf-v5-u-mt-sm">{t('scim.intro')}</p>
      </PageSection>
      <PageSection variant="light">
        <ReadOnlyNotice show={!canEdit} />
        <Stack hasGutter>
          <StackItem>
            <Title headingLevel="h2" size="lg">{t('scim.baseUrl')}</Title>
            <ClipboardCopy isReadOnly hoverTip={t('common.copy')} clickTip={t('common.copied')}
              textAriaLabel={t('scim.baseUrl')} toggleAriaLabel={t('common.copy')} data-testid="scim-base-url">
              {baseUrl}
            </ClipboardCopy>
          </StackItem>
          <StackItem>
            <Title headingLevel="h2" size="lg">{t('scim.create')}</Title>
            {error ? <ErrorAlert error={error} /> : null}
            <Form onSubmit={(e) => { e.preventDefault(); if (canEdit) { void create(); } }} maxWidth="600px">
              <FormGroup label={t('scim.tokenName')} fieldId="token-name" isRequired>
                <TextInput id="token-name" data-testid="token-name-input" value={name} isRequired isDisabled={!canEdit}
                  onChange={(_e, v) => setName(v)} />
                <FormHelperText><HelperText><HelperTextItem>{t('scim.tokenNameHelp')}</HelperTextItem></HelperText></FormHelperText>
              </FormGroup>
              <FormGroup label={t('scim.expiry')} fieldId="token-expiry">
                <TextInput id="token-expiry" data-testid="token-expiry-input" type="date" value={expiry}
                  isDisabled={!canEdit} onChange={(_e, v) => setExpiry(v)} />
                <FormHelperText><HelperText><HelperTextItem>{t('scim.expiryHelp')}</HelperTextItem></HelperText></FormHelperText>
              </FormGroup>
              <ActionGroup>
                <GuardedButton type="submit" variant="primary" allowed={canEdit} reason={readOnly} isLoading={busy}
                  isDisabled={busy || name.trim() === ''} data-testid="token-create-button">
                  {t('scim.createButton')}
                </GuardedButton>
              </ActionGroup>
            </Form>
          </StackItem>
          <StackItem>
            <Title headingLevel="h2" size="lg">{t('scim.tokens')}</Title>
            {tokens.error ? <ErrorAlert error={tokens.error} /> : null}
            {tokens.loading && !tokens.data ? <Loading /> : (
              <Table aria-label={t('scim.tokens')} variant="compact" data-testid="tokens-table">
                <Thead>
                  <Tr>
                    <Th modifier="wrap">{t('scim.tokenName')}</Th>
                    <Th modifier="wrap">{t('scim.created')}</Th>
                    <Th modifier="wrap">{t('scim.lastUsed')}</Th>
                    <Th modifier="wrap">{t('scim.expires')}</Th>
                    <Th modifier="wrap">{t('scim.status')}</Th>
                    <Th screenReaderText={t('common.actions')} />
                  </Tr>
                </Thead>
                <Tbody>
                  {(tokens.data ?? []).length === 0 && <Tr><Td colSpan={6}>{t('scim.noTokens')}</Td></Tr>}
                  {(tokens.data ?? []).map((tok) => {
                    const status = tokenStatus(tok);
                    return (
                      <Tr key={tok.id} data-testid={`token-row-${tok.name}`} data-status={status}>
                        <Td dataLabel={t('scim.tokenName')}>{tok.name}</Td>
                        <Td dataLabel={t('scim.created')}>{formatDate(tok.created)}</Td>
                        <Td dataLabel={t('scim.lastUsed')}>{formatDate(tok.lastUsed)}</Td>
                        <Td dataLabel={t('scim.expires')}>{tok.expiresAt ? formatDate(tok.expiresAt) : t('scim.noExpiry')}</Td>
                        <Td dataLabel={t('scim.status')}>
                          <Label color={status === 'active' ? 'green' : 'grey'}>{t(`scim.status.${status}`)}</Label>
                        </Td>
                        <Td isActionCell>
                          {status !== 'revoked' && (
                            <GuardedButton variant="secondary" isDanger size="sm" allowed={canEdit} reason={readOnly}
                              onClick={() => { setRevokeError(null); setRevoking(tok); }}
                              data-testid={`token-revoke-${tok.name}`}
                              aria-label={t('scim.revokeToken', { name: tok.name })}>
                              {t('scim.revoke')}
                            </GuardedButton>
                          )}
                        </Td>
                      </Tr>
                    );
                  })}
                </Tbody>
              </Table>
            )}
          </StackItem>
          <StackItem>
            <SetupSteps baseUrl={baseUrl} />
          </StackItem>
        </Stack>
      </PageSection>
      <Modal variant={ModalVariant.medium} isOpen={created !== null} onClose={() => setCreated(null)}
        title={t('scim.createdTitle', { name: created?.name ?? '' })} data-testid="token-created-modal"
        actions={[<Button key="done" variant="primary" onClick={() => setCreated(null)}
          data-testid="token-secret-done">{t('scim.copiedDone')}</Button>]}>
        <Alert variant="warning" isInline title={t('scim.shownOnce')} className="pf-v5-u-mb-md" />
        {/* room below the last copy button, whose padding reaches past its line: no scroll bar in the modal */}
        <Stack hasGutter className="pf-v5-u-pb-sm">
          <StackItem>
            <Title headingLevel="h3" size="md">{t('scim.baseUrl')}</Title>
            <ClipboardCopy isReadOnly variant="inline-compact" isCode isBlock hoverTip={t('common.copy')}
              clickTip={t('common.copied')} data-testid="token-base-url">{baseUrl}</ClipboardCopy>
          </StackItem>
          <StackItem>
            <Title headingLevel="h3" size="md">{t('scim.secret')}</Title>
            <ClipboardCopy isReadOnly variant="inline-compact" isCode isBlock hoverTip={t('common.copy')}
              clickTip={t('common.copied')} data-testid="token-secret">{created?.token ?? ''}</ClipboardCopy>
          </StackItem>
        </Stack>
      </Modal>
      <Modal variant={ModalVariant.small} isOpen={revoking !== null} onClose={() => setRevoking(null)}
        title={t('scim.revokeTitle', { name: revoking?.name ?? '' })} titleIconVariant="warning"
        data-testid="token-revoke-modal"
        actions={[
          <Button key="revoke" variant="danger" onClick={revoke} isLoading={busy} isDisabled={busy}
            data-testid="token-revoke-confirm">{t('scim.revoke')}</Button>,
          <Button key="cancel" variant="link" onClick={() => setRevoking(null)}>{t('common.cancel')}</Button>,
        ]}>
        {revokeError ? <ErrorAlert error={revokeError} /> : null}
        <p>{t('scim.revokeHelp')}</p>
      </Modal>
    </>
  );
}
