import {
  Alert, Button, DescriptionList, DescriptionListDescription, DescriptionListGroup, DescriptionListTerm, Form,
  Flex, FlexItem, FormGroup, FormSelect, FormSelectOption, Label, LabelGroup, Modal, ModalVariant, PageSection, Pagination,
  SearchInput, Title, Toolbar, ToolbarContent, ToolbarItem,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useState } from 'react';
import type { Explain, Member, PolicyDocument, UserBrief } from '../api/types';
import { ErrorAlert, GuardedButton, Loading, ReadOnlyNotice, ReasonText } from '../components/common';
import { useConsole } from '../components/context';
import { useLoad } from '../components/useLoad';
import { useI18n } from '../i18n/i18n';
import { assignmentAllowed } from '../policy/form';
import { catalogOf, type Catalog } from '../policy/standing';
import { sourceLabel, stateKey } from './labels';
import { LostOwnerHelp } from './LostOwnerHelp';

function StateLabel({ state }: { state: string }) {
  const { t } = useI18n();
  const color = state === 'pending' ? 'gold' : state === 'active' ? 'green' : 'grey';
  return <Label color={color} data-testid={`state-${state}`}>{t(stateKey(state))}</Label>;
}

function ExplainModal({ userId, catalog, onClose }: { userId: string | null; catalog: Catalog; onClose: () => void }) {
  const { api } = useConsole();
  const { t } = useI18n();
  const explain = useLoad<Explain | null>(() => (userId ? api.explain(userId) : Promise.resolve(null)), [api, userId]);
  const e = explain.data;
  const groups = (list: string[] | undefined) => (list && list.length > 0 ? (
    <LabelGroup numLabels={20}>{list.map((g) => <Label key={g} isCompact>{g}</Label>)}</LabelGroup>
  ) : t('explain.noGroups'));
  return (
    <Modal variant={ModalVariant.medium} isOpen={userId !== null} onClose={onClose}
      title={t('explain.title', { username: e?.username ?? '' })}
      actions={[<Button key="close" variant="primary" onClick={onClose}>{t('common.close')}</Button>]}>
      <div data-testid="explain-panel">
        {explain.loading && <Loading />}
        {explain.error ? <ErrorAlert error={explain.error} /> : null}
        {e && (
          <DescriptionList isHorizontal>
            <DescriptionListGroup>
              <DescriptionListTerm>{t('explain.groups')}</DescriptionListTerm>
              <DescriptionListDescription data-testid="explain-groups">{groups(e.groups)}</DescriptionListDescription>
            </DescriptionListGroup>
            <DescriptionListGroup>
              <DescriptionListTerm>{t('explain.standing')}</DescriptionListTerm>
              <DescriptionListDescription>
                {e.member ? (
                  <>
                    <StateLabel state={e.member.state} /> {catalog.role(e.member.role)}
                    {e.member.tier ? `, ${catalog.tier(e.member.tier)}` : ''}
                    {e.member.source ? ` (${t('explain.by', { source: sourceLabel(e.member.source, t) })})` : ''}
                  </>
                ) : t('explain.notMember')}
              </DescriptionListDescription>
            </DescriptionListGroup>
            <DescriptionListGroup>
              <DescriptionListTerm>{t('explain.decision')}</DescriptionListTerm>
              <DescriptionListDescription data-testid="explain-decision">
                {t(e.decision.outcome === 'admit' || e.decision.outcome === 'admitted' ? 'explain.admit'
                  : e.decision.outcome === 'pending' ? 'explain.pending' : 'explain.refuse')}
                {e.decision.role ? `: ${catalog.role(e.decision.role)}` : ''}
                {e.decision.tier ? `, ${catalog.tier(e.decision.tier)}` : ''}
              </DescriptionListDescription>
            </DescriptionListGroup>
            <DescriptionListGroup>
              <DescriptionListTerm>{t('explain.roleGroups')}</DescriptionListTerm>
              <DescriptionListDescription>{groups(e.decision.roleGroups)}</DescriptionListDescription>
            </DescriptionListGroup>
            <DescriptionListGroup>
              <DescriptionListTerm>{t('explain.tierGroups')}</DescriptionListTerm>
              <DescriptionListDescription>{groups(e.decision.tierGroups)}</DescriptionListDescription>
            </DescriptionListGroup>
            <DescriptionListGroup>
              <DescriptionListTerm>{t('members.reason')}</DescriptionListTerm>
              <DescriptionListDescription data-testid="explain-reason">
                <ReasonText code={e.decision.reason} detail={e.decision.message} />
              </DescriptionListDescription>
            </DescriptionListGroup>
          </DescriptionList>
        )}
      </div>
    </Modal>
  );
}

interface AssignTarget {
  userId: string;
  username: string;
  role: string | null;
  tier: string | null;
}

function AssignModal({ target, policy, onClose, onAssigned }: {
  target: AssignTarget | null; policy: PolicyDocument; onClose: () => void; onAssigned: () => void;
}) {
  const { api } = useConsole();
  const { t } = useI18n();
  const roles = policy.roles ?? [];
  const tiers = policy.seatTiers ?? [];
  const [role, setRole] = useState<string>('');
  const [tier, setTier] = useState<string>('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [forUser, setForUser] = useState<string | null>(null);
  if (target && forUser !== target.userId) {
    setForUser(target.userId);
    setRole(target.role ?? roles[roles.length - 1]?.key ?? '');
    setTier(target.tier ?? tiers[tiers.length - 1]?.key ?? '');
    setError(null);
  }
  const assign = async () => {
    if (!target) {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.assign(target.userId, role, tier === '' ? null : tier);
      onAssigned();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal variant={ModalVariant.small} isOpen={target !== null} onClose={onClose}
      title={t('members.assignTitle', { username: target?.username ?? '' })} data-testid="assign-modal"
      actions={[
        <Button key="ok" variant="primary" onClick={assign} isLoading={busy} isDisabled={busy || role === ''}
          data-testid="assign-confirm">{t('members.assign')}</Button>,
        <Button key="cancel" variant="link" onClick={onClose}>{t('common.cancel')}</Button>,
      ]}>
      {error ? <ErrorAlert error={error} /> : null}
      <Form onSubmit={(e) => { e.preventDefault(); void assign(); }}>
        <FormGroup label={t('members.role')} fieldId="assign-role" isRequired>
          <FormSelect id="assign-role" data-testid="assign-role" value={role} onChange={(_e, v) => setRole(v)}>
            {roles.map((r) => <FormSelectOption key={r.key} value={r.key} label={r.name} />)}
          </FormSelect>
        </FormGroup>
        <FormGroup label={t('members.tier')} fieldId="assign-tier">
          <FormSelect id="assign-tier" data-testid="assign-tier" value={tier} onChange={(_e, v) => setTier(v)}>
            {tiers.length === 0 && <FormSelectOption value="" label={t('members.noTier')} />}
            {tiers.map((s) => <FormSelectOption key={s.key} value={s.key} label={s.name} />)}
          </FormSelect>
        </FormGroup>
      </Form>
    </Modal>
  );
}

/** Finds a Keycloak user who is not a member yet (Manual mode: how members are added). */
function AddMember({ canAssign, reason, onPick }: {
  canAssign: boolean; reason: string; onPick: (u: UserBrief) => void;
}) {
  const { api } = useConsole();
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const [users, setUsers] = useState<UserBrief[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const run = async (value: string) => {
    setError(null);
    try {
      setUsers(await api.searchUsers(value, 10));
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section aria-labelledby="add-member-title" className="pf-v5-u-mt-lg">
      <Title headingLevel="h2" size="lg" id="add-member-title">{t('members.findUser')}</Title>
      <SearchInput className="pf-v5-u-mt-sm" aria-label={t('members.findUser')} placeholder={t('members.findUserPlaceholder')}
        value={search} onChange={(_e, v) => setSearch(v)} onSearch={(_e, v) => run(v)} onClear={() => { setSearch(''); setUsers(null); }}
        submitSearchButtonLabel={t('common.search')} resetButtonLabel={t('common.clear')} data-testid="user-search" />
      {error ? <ErrorAlert error={error} /> : null}
      {users && users.length === 0 && <p className="pf-v5-u-mt-sm">{t('members.noUserFound')}</p>}
      {users && users.length > 0 && (
        <Table variant="compact" aria-label={t('members.findUser')} className="pf-v5-u-mt-sm">
          <Thead><Tr><Th modifier="wrap">{t('members.username')}</Th><Th modifier="wrap">{t('members.email')}</Th><Th screenReaderText={t('common.actions')} /></Tr></Thead>
          <Tbody>
            {users.map((u) => (
              <Tr key={u.id}>
                <Td dataLabel={t('members.username')}>{u.username}</Td>
                <Td dataLabel={t('members.email')}>{u.email ?? ''}</Td>
                <Td isActionCell>
                  <GuardedButton variant="secondary" size="sm" allowed={canAssign} reason={reason}
                    onClick={() => onPick(u)} data-testid={`assign-${u.username}`}>{t('members.assign')}</GuardedButton>
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
    </section>
  );
}

export function MembersPage() {
  const { api, access } = useConsole();
  const { t, formatDate } = useI18n();
  const [state, setState] = useState('');
  const [role, setRole] = useState('');
  const [tier, setTier] = useState('');
  const [page, setPage] = useState(1);
  const [perPage, setPerPage] = useState(20);
  const [explainFor, setExplainFor] = useState<string | null>(null);
  const [assignTo, setAssignTo] = useState<AssignTarget | null>(null);
  const [assigned, setAssigned] = useState<string | null>(null);
  const policy = useLoad(() => api.policy(), [api]);
  const members = useLoad(() => api.members({ state, role, tier, first: (page - 1) * perPage, max: perPage + 1 }),
    [api, state, role, tier, page, perPage]);

  const catalog = catalogOf(policy.data);
  const rows: Member[] = (members.data ?? []).slice(0, perPage);
  const hasMore = (members.data ?? []).length > perPage;
  const modeAllows = assignmentAllowed(policy.data);
  const canAssign = access.manageUsers && modeAllows;
  const assignReason = !access.manageUsers ? t('access.readOnlyUsers') : t('members.assignNotAllowed');
  const filtersChanged = (f: () => void) => { f(); setPage(1); };

  return (
    <>
      <PageSection variant="light">
        <Title headingLevel="h1">{t('nav.members')}</Title>
        <p className="pf-v5-u-mt-sm">{t('members.intro')}</p>
      </PageSection>
      <PageSection variant="light">
        <ReadOnlyNotice show={!access.manageUsers} reasonKey="access.readOnlyUsers" />
        {policy.data && !modeAllows && (
          <Alert variant="info" isInline title={t('members.assignNotAllowed')} className="pf-v5-u-mb-md" />
        )}
        {assigned && <Alert variant="success" isInline title={t('members.assigned', { username: assigned })}
          className="pf-v5-u-mb-md" data-testid="assigned-alert" />}
        {policy.error ? <ErrorAlert error={policy.error} /> : null}
        <Toolbar>
          <ToolbarContent>
            <ToolbarItem>
              <FormSelect id="filter-state" data-testid="filter-state" aria-label={t('members.filterState')} value={state}
                onChange={(_e, v) => filtersChanged(() => setState(v))}>
                <FormSelectOption value="pending" label={t('state.pending')} />
                <FormSelectOption value="active" label={t('state.active')} />
                <FormSelectOption value="deprovisioned" label={t('state.deprovisioned')} />
                <FormSelectOption value="" label={t('members.anyState')} />
              </FormSelect>
            </ToolbarItem>
            <ToolbarItem>
              <FormSelect id="filter-role" data-testid="filter-role" aria-label={t('members.filterRole')} value={role}
                onChange={(_e, v) => filtersChanged(() => setRole(v))}>
                <FormSelectOption value="" label={t('members.anyRole')} />
                {(policy.data?.roles ?? []).map((r) => <FormSelectOption key={r.key} value={r.key} label={r.name} />)}
              </FormSelect>
            </ToolbarItem>
            <ToolbarItem>
              <FormSelect id="filter-tier" data-testid="filter-tier" aria-label={t('members.filterTier')} value={tier}
                onChange={(_e, v) => filtersChanged(() => setTier(v))}>
                <FormSelectOption value="" label={t('members.anyTier')} />
                {(policy.data?.seatTiers ?? []).map((s) => <FormSelectOption key={s.key} value={s.key} label={s.name} />)}
              </FormSelect>
            </ToolbarItem>
            <ToolbarItem variant="pagination" align={{ default: 'alignRight' }}>
              <Pagination isCompact itemCount={(page - 1) * perPage + rows.length + (hasMore ? 1 : 0)} page={page}
                perPage={perPage} onSetPage={(_e, p) => setPage(p)}
                onPerPageSelect={(_e, n) => { setPerPage(n); setPage(1); }}
                titles={{
                  paginationAriaLabel: t('members.pagination'), ofWord: t('pagination.of'), items: '', page: '',
                  pages: '', itemsPerPage: t('pagination.itemsPerPage'), perPageSuffix: t('pagination.perPage'),
                  toFirstPageAriaLabel: t('pagination.first'), toPreviousPageAriaLabel: t('pagination.previous'),
                  toNextPageAriaLabel: t('pagination.next'), toLastPageAriaLabel: t('pagination.last'),
                  currPageAriaLabel: t('pagination.current'),
                }} />
            </ToolbarItem>
          </ToolbarContent>
        </Toolbar>
        {members.error ? <ErrorAlert error={members.error} /> : null}
        {members.loading && !members.data ? <Loading /> : (
          <Table aria-label={t('members.tableLabel')} data-testid="members-table" variant="compact">
            <Thead>
              <Tr>
                <Th modifier="wrap">{t('members.username')}</Th>
                <Th modifier="wrap">{t('members.state')}</Th>
                <Th modifier="wrap">{t('members.role')}</Th>
                <Th modifier="wrap">{t('members.tier')}</Th>
                <Th modifier="wrap">{t('members.source')}</Th>
                <Th modifier="wrap">{t('members.since')}</Th>
                <Th screenReaderText={t('common.actions')} />
              </Tr>
            </Thead>
            <Tbody>
              {rows.length === 0 && (
                <Tr><Td colSpan={7}>{t('members.empty')}</Td></Tr>
              )}
              {rows.map((m) => {
                const name = m.username ?? m.userId;
                return (
                  <Tr key={m.userId} data-testid={`member-row-${name}`}
                    className={m.state === 'pending' ? 'kcp-pending-row' : undefined}>
                    <Td dataLabel={t('members.username')}>{name}</Td>
                    <Td dataLabel={t('members.state')}><StateLabel state={m.state} /></Td>
                    <Td dataLabel={t('members.role')}>{catalog.role(m.role)}</Td>
                    <Td dataLabel={t('members.tier')}>{m.tier ? catalog.tier(m.tier)
                      : m.state === 'pending' ? t('members.anyTierWaiting') : ''}</Td>
                    <Td dataLabel={t('members.source')}>{sourceLabel(m.source, t)}</Td>
                    <Td dataLabel={t('members.since')}>{formatDate(m.stateSince)}</Td>
                    <Td isActionCell modifier="nowrap">
                      <Flex spaceItems={{ default: 'spaceItemsSm' }} flexWrap={{ default: 'nowrap' }}
                        justifyContent={{ default: 'justifyContentFlexEnd' }}>
                        <FlexItem>
                          <Button variant="secondary" size="sm" onClick={() => setExplainFor(m.userId)}
                            data-testid={`explain-${name}`} aria-label={t('members.explainUser', { username: name })}>
                            {t('members.explain')}
                          </Button>
                        </FlexItem>
                        <FlexItem>
                          <GuardedButton variant="secondary" size="sm" allowed={canAssign} reason={assignReason}
                            onClick={() => setAssignTo({ userId: m.userId, username: name, role: m.role, tier: m.tier })}
                            data-testid={`assign-${name}`} aria-label={t('members.assignUser', { username: name })}>
                            {t('members.assign')}
                          </GuardedButton>
                        </FlexItem>
                      </Flex>
                    </Td>
                  </Tr>
                );
              })}
            </Tbody>
          </Table>
        )}
        {policy.data && (
          <AddMember canAssign={canAssign} reason={assignReason}
            onPick={(u) => setAssignTo({ userId: u.id, username: u.username, role: null, tier: null })} />
        )}
      </PageSection>
      <PageSection variant="light">
        <LostOwnerHelp />
      </PageSection>
      <ExplainModal userId={explainFor} catalog={catalog} onClose={() => setExplainFor(null)} />
      {policy.data && (
        <AssignModal target={assignTo} policy={policy.data} onClose={() => setAssignTo(null)}
          onAssigned={() => { setAssigned(assignTo?.username ?? ''); setAssignTo(null); members.reload(); }} />
      )}
    </>
  );
}
