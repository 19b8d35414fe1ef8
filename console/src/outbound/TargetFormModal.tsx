import {
  Button, Checkbox, Form, FormGroup, FormHelperText, FormSelect, FormSelectOption, HelperText, HelperTextItem, Modal,
  ModalVariant, Radio, Switch, TextInput,
} from '@patternfly/react-core';
import { useState } from 'react';
import type { OutboundTarget, PolicyDocument, ScimToken } from '../api/types';
import { ErrorAlert } from '../components/common';
import { useI18n, type MessageKey } from '../i18n/i18n';
import {
  connectionChoices, formProblems, emptyForm, formFromTarget, serverProblems, targetFromForm, type ConnectionChoice,
  type TargetField, type TargetForm,
} from './targetForm';

export interface TargetFormModalProps {
  /** The target edited, or null to add one. */
  target: OutboundTarget | null;
  policy: PolicyDocument | undefined;
  /** The realm's SCIM connections, for "also pushes users in through"; undefined while not read. */
  connections: ScimToken[] | undefined;
  onSave: (rep: OutboundTarget) => Promise<void>;
  onClose: () => void;
}

/** Adds or edits a target. The secret is write-only: left empty on an edit, the stored one is kept. */
export function TargetFormModal({ target, policy, connections, onSave, onClose }: TargetFormModalProps) {
  const { t, formatDate } = useI18n();
  const [form, setForm] = useState<TargetForm>(() => (target ? formFromTarget(target) : emptyForm()));
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  /** What the server refused at the last save, per field, until the field is changed. */
  const [refused, setRefused] = useState<Partial<Record<TargetField, string>>>({});
  const secretStored = target?.auth?.secretSet === true;
  const problems = formProblems(form, secretStored);
  const forget = (field: TargetField) => setRefused((r) => {
    const rest = { ...r };
    delete rest[field];
    return rest;
  });
  // a field the admin changes no longer shows what the server said about its old value
  const set = <K extends keyof TargetForm>(key: K, value: TargetForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    forget(key as TargetField);
  };

  const save = async () => {
    setTouched(true);
    if (Object.keys(problems).length > 0) {
      return;
    }
    setBusy(true);
    setError(null);
    setRefused({});
    try {
      await onSave(targetFromForm(form, target ?? undefined));
    } catch (e) {
      setError(e);
      setRefused(serverProblems(e));
      setBusy(false);
    }
  };

  // what keeps the form from being sent comes first; then what the server refused; else the field's help
  const problemText = (field: TargetField): string | undefined => {
    const problem = touched ? problems[field] : undefined;
    return problem ? t(problem) : refused[field];
  };
  const helper = (field: TargetField, help?: MessageKey) => {
    const problem = problemText(field);
    if (!problem && !help) {
      return null;
    }
    return (
      <FormHelperText>
        <HelperText>
          <HelperTextItem variant={problem ? 'error' : 'default'} data-testid={problem ? `problem-${field}` : undefined}>
            {problem ?? t(help!)}
          </HelperTextItem>
        </HelperText>
      </FormHelperText>
    );
  };
  const invalid = (field: TargetField) => (problemText(field) ? 'error' : 'default');
  const choices = connectionChoices(connections, form.inboundConnection);
  const choiceLabel = (c: ConnectionChoice) => {
    if (c.state === 'unknown') {
      return t('outbound.form.inboundUnknown', { id: c.id });
    }
    const twin = choices.some((x) => x.id !== c.id && x.name === c.name);
    const name = twin ? `${c.name} · ${formatDate(c.created)}` : c.name;
    return c.state === 'active' ? name : `${name} (${t(`scim.status.${c.state}`)})`;
  };
  const keys = form.scopeKind === 'tiers' ? (policy?.seatTiers ?? []).map((x) => ({ key: x.key, name: x.name }))
    : (policy?.roles ?? []).map((x) => ({ key: x.key, name: x.name }));

  return (
    <Modal variant={ModalVariant.medium} isOpen onClose={onClose} data-testid="target-form-modal"
      title={target ? t('outbound.form.editTitle', { name: target.name }) : t('outbound.form.addTitle')}
      actions={[
        <Button key="save" variant="primary" onClick={save} isLoading={busy} isDisabled={busy}
          data-testid="target-save">{t('outbound.form.save')}</Button>,
        <Button key="cancel" variant="link" onClick={onClose}>{t('common.cancel')}</Button>,
      ]}>
      {error ? <ErrorAlert error={error} /> : null}
      <Form id="target-form" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <FormGroup label={t('outbound.form.name')} fieldId="target-name" isRequired>
          <TextInput id="target-name" data-testid="target-name" value={form.name} isRequired
            validated={invalid('name')} onChange={(_e, v) => set('name', v)} />
          {helper('name')}
        </FormGroup>
        <FormGroup label={t('outbound.form.baseUrl')} fieldId="target-base-url" isRequired>
          <TextInput id="target-base-url" data-testid="target-base-url" type="url" value={form.baseUrl} isRequired
            placeholder="https://app.example.com/scim/v2" validated={invalid('baseUrl')}
            onChange={(_e, v) => set('baseUrl', v)} />
          {helper('baseUrl', 'outbound.form.baseUrlHelp')}
        </FormGroup>
        <FormGroup label={t('outbound.form.enabled')} fieldId="target-enabled">
          <Switch id="target-enabled" data-testid="target-enabled" isChecked={form.enabled}
            label={t('common.on')} labelOff={t('common.off')} onChange={(_e, v) => set('enabled', v)} />
        </FormGroup>
        <FormGroup label={t('outbound.form.authType')} fieldId="target-auth-type">
          <FormSelect id="target-auth-type" data-testid="target-auth-type" value={form.authType}
            onChange={(_e, v) => set('authType', v as TargetForm['authType'])}>
            <FormSelectOption value="bearer" label={t('outbound.auth.bearer')} />
            <FormSelectOption value="basic" label={t('outbound.auth.basic')} />
            <FormSelectOption value="oauth2" label={t('outbound.auth.oauth2')} />
          </FormSelect>
        </FormGroup>
        {form.authType === 'basic' && (
          <FormGroup label={t('outbound.form.username')} fieldId="target-username" isRequired>
            <TextInput id="target-username" data-testid="target-username" value={form.username} isRequired
              validated={invalid('username')} onChange={(_e, v) => set('username', v)} />
            {helper('username')}
          </FormGroup>
        )}
        {form.authType === 'oauth2' && (
          <>
            <FormGroup label={t('outbound.form.clientId')} fieldId="target-client-id" isRequired>
              <TextInput id="target-client-id" data-testid="target-client-id" value={form.clientId} isRequired
                validated={invalid('clientId')} onChange={(_e, v) => set('clientId', v)} />
              {helper('clientId')}
            </FormGroup>
            <FormGroup label={t('outbound.form.tokenUrl')} fieldId="target-token-url" isRequired>
              <TextInput id="target-token-url" data-testid="target-token-url" type="url" value={form.tokenUrl}
                isRequired validated={invalid('tokenUrl')} onChange={(_e, v) => set('tokenUrl', v)} />
              {helper('tokenUrl')}
            </FormGroup>
            <FormGroup label={t('outbound.form.oauthScope')} fieldId="target-oauth-scope">
              <TextInput id="target-oauth-scope" data-testid="target-oauth-scope" value={form.oauthScope}
                onChange={(_e, v) => set('oauthScope', v)} />
            </FormGroup>
          </>
        )}
        <FormGroup label={t(form.authType === 'bearer' ? 'outbound.form.token' : form.authType === 'basic'
          ? 'outbound.form.password' : 'outbound.form.clientSecret')} fieldId="target-secret"
          isRequired={!secretStored && form.secretRef.trim() === ''}>
          <TextInput id="target-secret" data-testid="target-secret" type="password" autoComplete="new-password"
            value={form.secret} validated={invalid('secret')} isDisabled={form.secretRef.trim() !== ''}
            placeholder={secretStored ? t('outbound.form.secretKept') : ''}
            onChange={(_e, v) => set('secret', v)} />
          {helper('secret', secretStored ? 'outbound.form.secretKeptHelp' : 'outbound.form.secretHelp')}
        </FormGroup>
        <FormGroup label={t('outbound.form.secretRef')} fieldId="target-secret-ref">
          <TextInput id="target-secret-ref" data-testid="target-secret-ref" value={form.secretRef}
            placeholder="${vault.crm-token}" validated={invalid('secretRef')}
            onChange={(_e, v) => set('secretRef', v)} />
          {helper('secretRef', 'outbound.form.secretRefHelp')}
        </FormGroup>
        <FormGroup role="radiogroup" isInline label={t('outbound.form.scope')} fieldId="target-scope"
          isStack>
          {(['all', 'tiers', 'roles'] as const).map((k) => (
            <Radio key={k} id={`target-scope-${k}`} name="target-scope" data-testid={`target-scope-${k}`}
              label={t(`outbound.scope.${k}`)} isChecked={form.scopeKind === k}
              onChange={() => { setForm((f) => ({ ...f, scopeKind: k, scopeKeys: [] })); forget('scopeKeys'); }} />
          ))}
        </FormGroup>
        {form.scopeKind !== 'all' && (
          <FormGroup role="group" label={t(form.scopeKind === 'tiers' ? 'outbound.form.tiers' : 'outbound.form.roles')}
            fieldId="target-scope-keys" isStack>
            {keys.map((k) => (
              <Checkbox key={k.key} id={`target-key-${k.key}`} data-testid={`target-key-${k.key}`} label={k.name}
                isChecked={form.scopeKeys.includes(k.key)}
                onChange={(_e, on) => set('scopeKeys', on ? [...form.scopeKeys, k.key]
                  : form.scopeKeys.filter((x) => x !== k.key))} />
            ))}
            {helper('scopeKeys')}
          </FormGroup>
        )}
        <FormGroup label={t('outbound.form.deprovision')} fieldId="target-deprovision">
          <FormSelect id="target-deprovision" data-testid="target-deprovision" value={form.deprovision}
            onChange={(_e, v) => set('deprovision', v as TargetForm['deprovision'])}>
            <FormSelectOption value="deactivate" label={t('outbound.deprovision.deactivate')} />
            <FormSelectOption value="delete" label={t('outbound.deprovision.delete')} />
          </FormSelect>
        </FormGroup>
        <FormGroup fieldId="target-push-groups">
          <Checkbox id="target-push-groups" data-testid="target-push-groups" label={t('outbound.form.pushGroups')}
            description={t('outbound.form.pushGroupsHelp')} isChecked={form.pushGroups}
            onChange={(_e, v) => set('pushGroups', v)} />
        </FormGroup>
        <FormGroup label={t('outbound.form.inbound')} fieldId="target-inbound-connection">
          <FormSelect id="target-inbound-connection" data-testid="target-inbound-connection"
            value={form.inboundConnection} validated={invalid('inboundConnection')}
            onChange={(_e, v) => set('inboundConnection', v)}>
            <FormSelectOption value="" label={t('outbound.none')} />
            {choices.map((c) => <FormSelectOption key={c.id} value={c.id} label={choiceLabel(c)} />)}
          </FormSelect>
          {helper('inboundConnection', 'outbound.form.inboundHelp')}
        </FormGroup>
        <FormGroup label={t('outbound.form.rateLimit')} fieldId="target-rate-limit">
          <TextInput id="target-rate-limit" data-testid="target-rate-limit" type="number" min={0} value={form.rateLimit}
            validated={invalid('rateLimit')} onChange={(_e, v) => set('rateLimit', v)} />
          {helper('rateLimit', 'outbound.form.rateLimitHelp')}
        </FormGroup>
      </Form>
    </Modal>
  );
}
