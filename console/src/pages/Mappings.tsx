import {
  ActionGroup, Alert, Card, CardBody, CardTitle, Form, FormGroup, Grid, GridItem, PageSection, TextInput, Title,
} from '@patternfly/react-core';
import { useEffect, useState } from 'react';
import { ApiError } from '../api/errors';
import type { PolicyDocument } from '../api/types';
import { ErrorAlert, PageLoading, ReadOnlyNotice } from '../components/common';
import { useConsole } from '../components/context';
import { GroupPicker, type GroupSuggestion } from '../components/GroupPicker';
import { useI18n } from '../i18n/i18n';
import { isDirty, toDocument, toForm, type PolicyForm } from '../policy/form';
import { SaveFlow } from '../policy/SaveFlow';
import { usePolicyForm } from '../policy/usePolicy';

/** The directory's groups whose name starts with {@code prefix}: SCIM-pushed ones and claims seen at logins. */
function useDirectory(prefix: string) {
  const { api } = useConsole();
  const [suggestions, setSuggestions] = useState<GroupSuggestion[]>([]);
  const [claimsMissing, setClaimsMissing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(async () => {
      const [groups, claims] = await Promise.allSettled([api.directoryGroups(prefix, 100),
        api.directoryClaims(prefix, 100)]);
      if (!live) {
        return;
      }
      const out: GroupSuggestion[] = [];
      if (groups.status === 'fulfilled') {
        out.push(...groups.value.map((g) => ({ value: g.displayName, source: 'scim' as const, members: g.members })));
        setError(null);
      } else {
        setError(groups.reason);
      }
      if (claims.status === 'fulfilled') {
        out.push(...claims.value.map((c) => ({ value: c.value, source: 'claim' as const, members: c.members })));
        setClaimsMissing(false);
      } else {
        setClaimsMissing(claims.reason instanceof ApiError && claims.reason.isMissing);
      }
      setSuggestions(out);
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, prefix]);
  return { suggestions, claimsMissing, error };
}

export function MappingsPage() {
  const { api, access } = useConsole();
  const { t } = useI18n();
  const { loaded, form, setForm } = usePolicyForm(api);
  const [prefix, setPrefix] = useState('');
  const [invalid, setInvalid] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const directory = useDirectory(prefix.trim());

  if (!loaded.data || !form) {
    return <PageLoading titleKey="nav.mappings" error={loaded.error} />;
  }
  const { policy, profiles } = loaded.data;
  const profile = profiles.find((p) => p.id === policy.profile);
  const tierMappingAllowed = profile ? profile.tierMappingAllowed : true;
  const canEdit = access.manageRealm;
  const readOnly = t('access.readOnly');
  const update = (patch: Partial<PolicyForm>) => {
    setForm({ ...form, ...patch });
    setSaved(false);
  };
  const onSaved = (doc: PolicyDocument) => {
    loaded.setData({ policy: doc, profiles });
    setForm(toForm(doc));
    setInvalid(null);
    setSaved(true);
  };
  const errorsFor = (prefixOfField: string) =>
    invalid?.errors.filter((e) => e.field?.startsWith(prefixOfField)).map((e) => e.message) ?? [];

  return (
    <>
      <PageSection variant="light">
        <Title headingLevel="h1">{t('nav.mappings')}</Title>
        <p className="pf-v5-u-mt-sm">{t('mappings.intro')}</p>
      </PageSection>
      <PageSection variant="light">
        <ReadOnlyNotice show={!canEdit} />
        {!form.groupMappings && (
          <Alert variant="info" isInline title={t('mappings.off')} className="pf-v5-u-mb-md" data-testid="mappings-off" />
        )}
        {saved && <Alert variant="success" isInline title={t('policy.saved')} data-testid="saved-alert"
          className="pf-v5-u-mb-md" />}
        {invalid && <ErrorAlert error={invalid} titleKey="policy.invalid" />}
        {directory.error ? <ErrorAlert error={directory.error} titleKey="mappings.directoryError" /> : null}
        {directory.claimsMissing && (
          <Alert variant="info" isPlain isInline title={t('mappings.claimsMissing')} className="pf-v5-u-mb-md" />
        )}
        <Form onSubmit={(e) => e.preventDefault()}>
          <FormGroup label={t('mappings.prefix')} fieldId="mappings-prefix">
            <TextInput id="mappings-prefix" data-testid="mappings-prefix" value={prefix}
              placeholder="anthropic-claude-" onChange={(_e, v) => setPrefix(v)} />
          </FormGroup>
          <Grid hasGutter md={6}>
            <GridItem>
              <Card isFullHeight isFlat>
                <CardTitle component="h2">{t('mappings.roles')}</CardTitle>
                <CardBody>
                  {(policy.roles ?? []).length === 0 && <p>{t('mappings.noRoles')}</p>}
                  {(policy.roles ?? []).map((r, i) => (
                    <div key={r.key} className="pf-v5-u-mb-lg">
                      <GroupPicker id={`role-groups-${r.key}`} label={t('mappings.groupsOf', { name: r.name })}
                        value={form.roleGroups[r.key] ?? []} suggestions={directory.suggestions}
                        isDisabled={!canEdit} disabledReason={readOnly}
                        onChange={(groups) => update({ roleGroups: { ...form.roleGroups, [r.key]: groups } })} />
                      {errorsFor(`roles[${i}]`).map((m, j) => <p key={j} className="pf-v5-u-danger-color-100">{m}</p>)}
                    </div>
                  ))}
                </CardBody>
              </Card>
            </GridItem>
            <GridItem>
              <Card isFullHeight isFlat>
                <CardTitle component="h2">{t('mappings.tiers')}</CardTitle>
                <CardBody>
                  {(policy.seatTiers ?? []).length === 0 && <p>{t('mappings.noTiers')}</p>}
                  {(policy.seatTiers ?? []).map((s, i) => (
                    <div key={s.key} className="pf-v5-u-mb-lg">
                      <GroupPicker id={`tier-groups-${s.key}`} label={t('mappings.groupsOf', { name: s.name })}
                        value={form.tierGroups[s.key] ?? []} suggestions={directory.suggestions}
                        isDisabled={!canEdit || !tierMappingAllowed}
                        disabledReason={!canEdit ? readOnly
                          : t('mappings.tierNotAllowed', { profile: profile?.displayName ?? '' })}
                        onChange={(groups) => update({ tierGroups: { ...form.tierGroups, [s.key]: groups } })} />
                      {errorsFor(`seatTiers[${i}]`).map((m, j) => <p key={j} className="pf-v5-u-danger-color-100">{m}</p>)}
                    </div>
                  ))}
                </CardBody>
              </Card>
            </GridItem>
          </Grid>
          <ActionGroup>
            <SaveFlow candidate={() => toDocument(policy, form)} onInvalid={setInvalid} onSaved={onSaved}
              isDirty={isDirty(policy, form)} />
          </ActionGroup>
        </Form>
      </PageSection>
    </>
  );
}
