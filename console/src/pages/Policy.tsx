import {
  ActionGroup, Alert, Button, Form, FormGroup, FormHelperText, FormSelect, FormSelectOption, HelperText,
  HelperTextItem, Modal, ModalVariant, PageSection, Switch, TextArea, TextInput, Title,
} from '@patternfly/react-core';
import { useEffect, useState } from 'react';
import { ApiError } from '../api/errors';
import type { Mode, PolicyDocument, Profile } from '../api/types';
import { ErrorAlert, GuardedButton, PageLoading, ReadOnlyNotice } from '../components/common';
import { useConsole } from '../components/context';
import { useI18n } from '../i18n/i18n';
import { checkForm, isDirty, modeAllowed, toDocument, toForm, type PolicyForm } from '../policy/form';
import { SaveFlow } from '../policy/SaveFlow';
import { usePolicyForm } from '../policy/usePolicy';
import { modeLabelKey } from './labels';
import { LostOwnerHelp } from './LostOwnerHelp';

const MODES: Mode[] = ['manual', 'jit', 'scim'];

/** Server errors about one field, for the helper text under it. */
export function fieldErrors(error: ApiError | null, match: (field: string) => boolean): string[] {
  return error ? error.errors.filter((e) => e.field && match(e.field)).map((e) => e.message) : [];
}

function FieldHelp({ errors, hint }: { errors: string[]; hint?: string }) {
  if (errors.length === 0 && !hint) {
    return null;
  }
  return (
    <FormHelperText>
      <HelperText>
        {errors.map((m, i) => <HelperTextItem key={i} variant="error">{m}</HelperTextItem>)}
        {errors.length === 0 && hint && <HelperTextItem>{hint}</HelperTextItem>}
      </HelperText>
    </FormHelperText>
  );
}

/** Switches the realm to another product profile at once (the server seeds its catalogs), lockout guard included. */
function ApplyProfileModal({ profile, onClose, onApplied }: {
  profile: Profile | null; onClose: () => void; onApplied: (doc: PolicyDocument) => void;
}) {
  const { api } = useConsole();
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [lockout, setLockout] = useState<string | null>(null);
  useEffect(() => {
    setError(null);
    setLockout(null);
  }, [profile]);
  const apply = async (force: boolean) => {
    if (!profile) {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onApplied(await api.applyProfile(profile.id, force));
    } catch (e) {
      if (e instanceof ApiError && e.isLockout) {
        setLockout(e.errors.find((x) => x.field === 'roles')?.message ?? e.message);
      } else {
        setError(e);
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal variant={ModalVariant.medium} isOpen={profile !== null} onClose={onClose}
      title={t('policy.applyProfileTitle', { profile: profile?.displayName ?? '' })} data-testid="apply-profile-modal"
      actions={[
        <Button key="apply" variant="primary" onClick={() => apply(false)} isLoading={busy} isDisabled={busy}
          data-testid="apply-profile-button">{t('policy.applyProfile')}</Button>,
        ...(lockout ? [<Button key="force" variant="danger" onClick={() => apply(true)} isDisabled={busy}
          data-testid="save-anyway-button">{t('policy.saveAnyway')}</Button>] : []),
        <Button key="cancel" variant="link" onClick={onClose}>{t('common.cancel')}</Button>,
      ]}>
      <p>{t('policy.applyProfileHelp')}</p>
      {profile && (
        <p className="pf-v5-u-mt-sm">
          {t('policy.applyProfileCatalogs', {
            roles: profile.roles.map((r) => r.name).join(', ') || '—',
            tiers: profile.seatTiers.map((s) => s.name).join(', ') || '—',
          })}
        </p>
      )}
      {lockout && (
        <Alert variant="danger" isInline title={t('preview.lockoutTitle')} className="pf-v5-u-mt-md">
          <p data-testid="lockout-message">{lockout}</p>
        </Alert>
      )}
      {error ? <div className="pf-v5-u-mt-md"><ErrorAlert error={error} /></div> : null}
    </Modal>
  );
}

export function PolicyPage() {
  const { api, access } = useConsole();
  const { t } = useI18n();
  const { loaded, form, setForm } = usePolicyForm(api);
  const [invalid, setInvalid] = useState<ApiError | null>(null);
  const [problems, setProblems] = useState<ReturnType<typeof checkForm>>([]);
  const [saved, setSaved] = useState(false);
  const [switchTo, setSwitchTo] = useState<Profile | null>(null);

  if (!loaded.data || !form) {
    return <PageLoading titleKey="nav.policy" error={loaded.error} />;
  }
  const { policy, profiles } = loaded.data;
  const profile = profiles.find((p) => p.id === policy.profile);
  const canEdit = access.manageRealm;
  const tiers = policy.seatTiers ?? [];
  const update = (patch: Partial<PolicyForm>) => {
    setForm({ ...form, ...patch });
    setSaved(false);
  };
  const problemFor = (field: string) => problems.filter((p) => p.field === field).map((p) => t(p.key));
  const candidate = () => {
    const found = checkForm(policy, form);
    setProblems(found);
    return found.length > 0 ? null : toDocument(policy, form);
  };
  const onSaved = (doc: PolicyDocument) => {
    loaded.setData({ policy: doc, profiles });
    setForm(toForm(doc));
    setInvalid(null);
    setSaved(true);
  };

  return (
    <>
      <PageSection variant="light">
        <Title headingLevel="h1">{t('nav.policy')}</Title>
        <p className="pf-v5-u-mt-sm">{t('policy.intro')}</p>
      </PageSection>
      <PageSection variant="light">
        <ReadOnlyNotice show={!canEdit} />
        {saved && <Alert variant="success" isInline title={t('policy.saved')} data-testid="saved-alert"
          className="pf-v5-u-mb-md" />}
        {invalid && <ErrorAlert error={invalid} titleKey="policy.invalid" />}
        {problems.length > 0 && (
          <Alert variant="danger" isInline title={t('policy.invalid')} data-testid="error-alert" className="pf-v5-u-mb-md">
            <ul>{problems.map((p, i) => <li key={i}>{t(p.key)}</li>)}</ul>
          </Alert>
        )}
        <Form onSubmit={(e) => e.preventDefault()} maxWidth="720px">
          <FormGroup label={t('policy.profile')} fieldId="policy-profile">
            <FormSelect id="policy-profile" data-testid="policy-profile" value={policy.profile ?? 'custom'}
              isDisabled={!canEdit || profiles.length === 0}
              onChange={(_e, value) => setSwitchTo(profiles.find((p) => p.id === value) ?? null)}>
              {profiles.length === 0 && <FormSelectOption value={policy.profile ?? 'custom'} label={policy.profile ?? 'custom'} />}
              {profiles.map((p) => <FormSelectOption key={p.id} value={p.id} label={p.displayName} />)}
            </FormSelect>
            <FieldHelp errors={fieldErrors(invalid, (f) => f === 'profile')}
              hint={canEdit ? t('policy.profileHelp') : t('access.readOnly')} />
          </FormGroup>
          <FormGroup label={t('policy.mode')} fieldId="policy-mode">
            <FormSelect id="policy-mode" data-testid="policy-mode" value={form.mode} isDisabled={!canEdit}
              onChange={(_e, value) => update({ mode: value as Mode })}>
              {MODES.map((m) => {
                const allowed = modeAllowed(profile, m);
                return (
                  <FormSelectOption key={m} value={m} isDisabled={!allowed}
                    label={allowed ? t(modeLabelKey(m))
                      : t('policy.modeNotAllowed', { mode: t(modeLabelKey(m)), profile: profile?.displayName ?? '' })} />
                );
              })}
            </FormSelect>
            <FieldHelp errors={fieldErrors(invalid, (f) => f === 'mode')}
              hint={profile && profile.allowedModes.length < MODES.length
                ? t('policy.modesAllowed', { profile: profile.displayName,
                  modes: profile.allowedModes.map((m) => t(modeLabelKey(m))).join(', ') })
                : t('policy.modeHelp')} />
          </FormGroup>
          <FormGroup label={t('policy.groupMappings')} fieldId="policy-group-mappings" role="group">
            <Switch id="policy-group-mappings" data-testid="policy-group-mappings" isChecked={form.groupMappings}
              isDisabled={!canEdit} label={t('common.on')} labelOff={t('common.off')}
              aria-describedby="policy-group-mappings-help"
              onChange={(_e, checked) => update({ groupMappings: checked })} />
            <FormHelperText>
              <HelperText id="policy-group-mappings-help">
                {fieldErrors(invalid, (f) => f === 'roles' || f === 'groupMappings')
                  .map((m, i) => <HelperTextItem key={i} variant="error">{m}</HelperTextItem>)}
                <HelperTextItem>{t('policy.groupMappingsHelp')}</HelperTextItem>
              </HelperText>
            </FormHelperText>
          </FormGroup>
          {tiers.map((tier, i) => (
            <FormGroup key={tier.key} label={t('policy.capacityOf', { tier: tier.name })} fieldId={`capacity-${tier.key}`}>
              <TextInput id={`capacity-${tier.key}`} data-testid={`capacity-${tier.key}`} type="number" min={0}
                inputMode="numeric" value={form.capacities[tier.key] ?? ''} isDisabled={!canEdit}
                validated={problemFor(`seatTiers[${i}].capacity`).length > 0 ? 'error' : 'default'}
                onChange={(_e, value) => update({ capacities: { ...form.capacities, [tier.key]: value } })} />
              <FieldHelp errors={[...problemFor(`seatTiers[${i}].capacity`),
                ...fieldErrors(invalid, (f) => f.startsWith(`seatTiers[${i}]`))]} />
            </FormGroup>
          ))}
          <FormGroup label={t('policy.groupClaim')} fieldId="policy-group-claim">
            <TextInput id="policy-group-claim" data-testid="policy-group-claim" value={form.groupClaim}
              isDisabled={!canEdit} onChange={(_e, value) => update({ groupClaim: value })} />
            <FieldHelp errors={[...problemFor('jit.groupClaim'), ...fieldErrors(invalid, (f) => f.startsWith('jit'))]}
              hint={t('policy.groupClaimHelp')} />
          </FormGroup>
          <FormGroup label={t('policy.contact')} fieldId="policy-contact">
            <TextArea id="policy-contact" data-testid="policy-contact" value={form.contact} isDisabled={!canEdit}
              resizeOrientation="vertical" onChange={(_e, value) => update({ contact: value })} />
            <FieldHelp errors={fieldErrors(invalid, (f) => f === 'contact')} hint={t('policy.contactHelp')} />
          </FormGroup>
          <ActionGroup>
            <SaveFlow candidate={candidate} onInvalid={setInvalid} onSaved={onSaved}
              isDirty={isDirty(policy, form)} />
            <GuardedButton variant="link" allowed={canEdit} reason={t('access.readOnly')} data-testid="discard-button"
              onClick={() => { setForm(toForm(policy)); setInvalid(null); setProblems([]); }}>
              {t('policy.discard')}
            </GuardedButton>
          </ActionGroup>
        </Form>
      </PageSection>
      <PageSection variant="light">
        <LostOwnerHelp />
      </PageSection>
      <ApplyProfileModal profile={switchTo} onClose={() => setSwitchTo(null)}
        onApplied={(doc) => { setSwitchTo(null); onSaved(doc); }} />
    </>
  );
}
