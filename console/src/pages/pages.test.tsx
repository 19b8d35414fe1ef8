import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors';
import { fakeApi, renderPage, VIEW_ONLY } from '../test/fixtures';
import { FlowsPage } from './Flows';
import { MappingsPage } from './Mappings';
import { MembersPage } from './Members';
import { OverviewPage } from './Overview';
import { PolicyPage } from './Policy';
import { ScimPage } from './Scim';
import { SyncPage } from './Sync';

const blocked = (el: HTMLElement) => el.getAttribute('aria-disabled') === 'true' || (el as HTMLButtonElement).disabled;

describe('Policy page', () => {
  it('previews a change with the names of the people it affects', async () => {
    const { api } = renderPage(<PolicyPage />);
    fireEvent.click(await screen.findByTestId('preview-button'));
    const modal = await screen.findByTestId('preview-modal');
    expect(within(modal).getByTestId('preview-user-carol').textContent).toContain('Active, User, Standard');
    expect(within(modal).getByTestId('preview-user-bob').textContent).toContain('Deprovisioned');
    expect(within(modal).getByTestId('preview-user-alice').textContent).toContain('Active, Owner, Premium');
    expect(within(modal).getByTestId('preview-seats-standard').textContent).toContain('4');
    expect(api.preview).toHaveBeenCalledWith(expect.objectContaining({ mode: 'jit' }), 50);
    expect(api.savePolicy).not.toHaveBeenCalled();
  });

  it('saves the previewed document after Save', async () => {
    const { api } = renderPage(<PolicyPage />);
    fireEvent.change(await screen.findByTestId('capacity-premium'), { target: { value: '8' } });
    fireEvent.click(screen.getByTestId('preview-button'));
    fireEvent.click(await screen.findByTestId('save-button'));
    await screen.findByTestId('saved-alert');
    expect(api.savePolicy).toHaveBeenCalledTimes(1);
    expect(api.savePolicy.mock.calls[0][0].seatTiers?.[0].capacity).toBe(8);
    expect(api.savePolicy.mock.calls[0][1]).toBe(false);
  });

  it('shows a lockout refusal and saves only with a deliberate Save anyway', async () => {
    const api = fakeApi();
    api.savePolicy.mockImplementation((_p, force) => force ? Promise.resolve(_p)
      : Promise.reject(new ApiError(409, 'refused', [{ field: 'roles', message: 'No Owner left: alice would lose the role.' }])));
    renderPage(<PolicyPage />, { api });
    fireEvent.click(await screen.findByTestId('preview-button'));
    expect(screen.queryByTestId('save-anyway-button')).toBeNull();
    fireEvent.click(await screen.findByTestId('save-button'));
    expect((await screen.findByTestId('lockout-message')).textContent).toContain('alice would lose the role');
    expect(screen.getByTestId('save-refused').textContent).toContain('nothing changed');
    fireEvent.click(screen.getByTestId('save-anyway-button'));
    await screen.findByTestId('saved-alert');
    expect(api.savePolicy.mock.calls.map((c) => c[1])).toEqual([false, true]);
  });

  it('shows a refused policy above the form, with the field', async () => {
    const api = fakeApi();
    api.preview.mockRejectedValue(new ApiError(400, 'Invalid provisioning policy',
      [{ field: 'mode', message: "mode 'scim' is not allowed by profile 'team'" }]));
    renderPage(<PolicyPage />, { api });
    fireEvent.click(await screen.findByTestId('preview-button'));
    const alert = await screen.findByTestId('error-alert');
    expect(alert.textContent).toContain("mode: mode 'scim' is not allowed by profile 'team'");
    expect(screen.queryByTestId('preview-modal')).toBeNull();
  });

  it('shows a mode the profile does not allow as disabled, with the reason', async () => {
    const api = fakeApi();
    api.policy.mockResolvedValue({ profile: 'team', mode: 'jit', roles: [], seatTiers: [] });
    renderPage(<PolicyPage />, { api });
    const select = await screen.findByTestId('policy-mode');
    const scim = within(select).getByRole('option', { name: /SCIM/ }) as HTMLOptionElement;
    expect(scim.disabled).toBe(true);
    expect(scim.textContent).toContain('not allowed by the Team profile');
  });

  it('lets a view-only admin preview but not change or save', async () => {
    renderPage(<PolicyPage />, { access: VIEW_ONLY });
    expect(await screen.findByTestId('readonly-notice')).toBeTruthy();
    expect((screen.getByTestId('policy-mode') as HTMLSelectElement).disabled).toBe(true);
    expect((screen.getByTestId('capacity-premium') as HTMLInputElement).disabled).toBe(true);
    fireEvent.click(screen.getByTestId('preview-button'));
    expect(blocked(await screen.findByTestId('save-button'))).toBe(true);
  });
});

describe('Group mappings page', () => {
  it('suggests the directory groups and claims seen at logins, and saves through the preview', async () => {
    const { api } = renderPage(<MappingsPage />);
    const input = await screen.findByLabelText('Groups mapped to Admin', { selector: 'input' });
    fireEvent.focus(input);
    fireEvent.change(input, { target: { value: 'acme' } });
    expect(await screen.findByTestId('suggestion-acme-contractors')).toBeTruthy();
    fireEvent.click(within(screen.getByTestId('suggestion-acme-staff')).getByRole('menuitem'));
    fireEvent.change(input, { target: { value: 'free-text-group' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    fireEvent.click(screen.getByTestId('preview-button'));
    fireEvent.click(await screen.findByTestId('save-button'));
    await screen.findByTestId('saved-alert');
    expect(api.savePolicy.mock.calls[0][0].roles?.[1].groups).toEqual(['acme-admins', 'acme-staff', 'free-text-group']);
  });

  it('filters the directory by the prefix typed', async () => {
    const { api } = renderPage(<MappingsPage />);
    fireEvent.change(await screen.findByTestId('mappings-prefix'), { target: { value: 'anthropic-claude-' } });
    await waitFor(() => expect(api.directoryGroups).toHaveBeenCalledWith('anthropic-claude-', 100));
    expect(api.directoryClaims).toHaveBeenCalledWith('anthropic-claude-', 100);
  });
});

describe('Members page', () => {
  it('lists members with pending highlighted and explains one', async () => {
    renderPage(<MembersPage />);
    const table = await screen.findByTestId('members-table');
    expect(within(table).getByTestId('member-row-erin').className).toContain('kcp-pending-row');
    fireEvent.click(screen.getByTestId('explain-alice'));
    const panel = await screen.findByTestId('explain-panel');
    await waitFor(() => expect(within(panel).getByTestId('explain-groups').textContent).toContain('acme-owners'));
    expect(within(panel).getByTestId('explain-decision').textContent).toContain('Admitted: Owner, Premium');
    expect(within(panel).getByTestId('explain-reason').textContent).toContain('Role given by the mapped groups.');
  });

  it('offers Pending as the first state filter', async () => {
    renderPage(<MembersPage />);
    const options = within(await screen.findByTestId('filter-state')).getAllByRole('option');
    expect((options[0] as HTMLOptionElement).value).toBe('pending');
  });

  it('disables Assign when group mappings decide roles, saying why', async () => {
    renderPage(<MembersPage />);
    const assign = await screen.findByTestId('assign-alice');
    await waitFor(() => expect(blocked(assign)).toBe(true));
    expect(document.getElementById(assign.getAttribute('aria-describedby')!)?.textContent)
      .toContain('roles and tiers follow the IdP groups');
  });

  it('assigns a role where the mode allows it', async () => {
    const api = fakeApi();
    api.policy.mockResolvedValue({ profile: 'enterprise-seats', mode: 'manual', roles: [{ key: 'owner', name: 'Owner' },
      { key: 'user', name: 'User' }], seatTiers: [{ key: 'premium', name: 'Premium', capacity: 5 }] });
    renderPage(<MembersPage />, { api });
    const assign = await screen.findByTestId('assign-erin');
    await waitFor(() => expect(blocked(assign)).toBe(false));
    fireEvent.click(assign);
    fireEvent.change(await screen.findByTestId('assign-role'), { target: { value: 'owner' } });
    fireEvent.click(screen.getByTestId('assign-confirm'));
    await screen.findByTestId('assigned-alert');
    expect(api.assign).toHaveBeenCalledWith('u2', 'owner', 'premium');
  });
});

describe('Sync page', () => {
  it('runs Sync now to the end and shows its counts', async () => {
    const { api } = renderPage(<SyncPage />);
    fireEvent.click(await screen.findByTestId('sync-now-button'));
    expect((await screen.findByTestId('sync-progress')).getAttribute('data-state')).toBe('running');
    const counts = await screen.findByTestId('sync-counts', {}, { timeout: 3000 });
    expect(counts.textContent).toContain('Added: 1');
    expect(screen.getByTestId('sync-progress').getAttribute('data-state')).toBe('done');
    expect(api.sync).toHaveBeenCalledWith('j1');
  });

  it('does not let a view-only admin start a Sync', async () => {
    const { api } = renderPage(<SyncPage />, { access: VIEW_ONLY });
    const button = await screen.findByTestId('sync-now-button');
    expect(blocked(button)).toBe(true);
    fireEvent.click(button);
    expect(api.startSync).not.toHaveBeenCalled();
    expect(screen.getByTestId('readonly-notice').textContent).toContain('manage-realm needed');
  });
});

describe('SCIM connection page', () => {
  it('shows a new token once beside the base URL', async () => {
    const { api } = renderPage(<ScimPage />);
    fireEvent.change(await screen.findByTestId('token-name-input'), { target: { value: 'Okta' } });
    fireEvent.change(screen.getByTestId('token-expiry-input'), { target: { value: '2027-01-31' } });
    fireEvent.click(screen.getByTestId('token-create-button'));
    expect((await screen.findByTestId('token-secret')).textContent).toContain('kcp_t2.secret');
    expect(screen.getByTestId('token-base-url').textContent)
      .toContain('http://kc.test/realms/acme/provisioning/scim/v2');
    expect(api.createToken).toHaveBeenCalledWith('Okta', '2027-01-31T00:00:00Z');
    fireEvent.click(screen.getByTestId('token-secret-done'));
    await waitFor(() => expect(screen.queryByTestId('token-secret')).toBeNull());
  });

  it('revokes a token after confirmation', async () => {
    const { api } = renderPage(<ScimPage />);
    fireEvent.click(await screen.findByTestId('token-revoke-Entra'));
    expect(api.revokeToken).not.toHaveBeenCalled();
    fireEvent.click(await screen.findByTestId('token-revoke-confirm'));
    await waitFor(() => expect(api.revokeToken).toHaveBeenCalledWith('t1'));
  });

  it('does not let a view-only admin create or revoke tokens', async () => {
    renderPage(<ScimPage />, { access: VIEW_ONLY });
    expect(blocked(await screen.findByTestId('token-create-button'))).toBe(true);
    expect(blocked(await screen.findByTestId('token-revoke-Entra'))).toBe(true);
    expect((screen.getByTestId('token-name-input') as HTMLInputElement).disabled).toBe(true);
  });
});

describe('Broker flows page', () => {
  it('lists each IdP with its wiring and wires on request', async () => {
    const { api } = renderPage(<FlowsPage />);
    expect((await screen.findByTestId('flow-row-legacy')).textContent).toContain('Not wired');
    fireEvent.click(screen.getByTestId('wire-button'));
    await screen.findByTestId('wired-alert');
    expect(api.wireBrokerFlows).toHaveBeenCalledTimes(1);
  });

  it('does not let a view-only admin wire', async () => {
    renderPage(<FlowsPage />, { access: VIEW_ONLY });
    expect(blocked(await screen.findByTestId('wire-button'))).toBe(true);
  });
});

describe('Overview page', () => {
  it('shows seats per tier, pending count and warnings, from older endpoints when /overview is missing', async () => {
    renderPage(<OverviewPage />);
    const premium = await screen.findByTestId('seat-meter-premium');
    expect(within(premium).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    expect(premium.textContent).toContain('Seats used: 5 of 5');
    expect(screen.getByTestId('pending-count').textContent).toBe('3');
    expect(screen.getByTestId('warning-idp-not-wired').textContent).toContain('legacy');
  });

  it('translates the warning codes of /overview', async () => {
    const api = fakeApi();
    api.overview.mockResolvedValue({ realm: 'acme', mode: 'scim', profile: 'team', groupMappings: true, seats: [],
      members: { active: 1, pending: 0, deprovisioned: 0 }, scim: { tokens: 1, lastUsedAt: null }, lastSync: null,
      nextSyncAt: null, warnings: [{ code: 'lockout-risk', params: { role: 'Owner' } }] });
    renderPage(<OverviewPage />, { api, locale: 'fr' });
    expect((await screen.findByTestId('warning-lockout-risk')).textContent).toContain('Aucun membre actif n\'a le rôle Owner');
  });

  it('shows a failed call as an alert, never a blank page', async () => {
    const api = fakeApi();
    api.overview.mockRejectedValue(new ApiError(403, 'HTTP 403 Forbidden'));
    renderPage(<OverviewPage />, { api });
    expect((await screen.findByTestId('error-alert')).textContent).toContain('You are not allowed to do this');
  });
});
