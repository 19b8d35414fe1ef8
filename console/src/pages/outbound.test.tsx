import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors';
import type { PushJob } from '../api/types';
import { fakeApi, renderPage, STATUS, TARGETS, TOKENS, VIEW_ONLY } from '../test/fixtures';
import { OutboundPage } from './Outbound';

const blocked = (el: HTMLElement) => el.getAttribute('aria-disabled') === 'true' || (el as HTMLButtonElement).disabled;

describe('Downstream apps page', () => {
  it('lists each target with its health and queue', async () => {
    renderPage(<OutboundPage />);
    const row = await screen.findByTestId('target-row-crm');
    await waitFor(() => expect(within(row).getByTestId('target-health').textContent).toBe('Dead letters'));
    expect(screen.getByTestId('target-queue-crm').textContent).toBe('Pending: 2 · In flight: 0 · Dead letters: 1');
    expect(row.textContent).toContain('42');
    expect(row.textContent).toContain('POST /Users: 400 bad email');
    expect((await screen.findByTestId('target-detail')).textContent).toContain('2 min');
  });

  it('adds a target with its secret, which is sent once and never shown', async () => {
    const { api } = renderPage(<OutboundPage />);
    fireEvent.click(await screen.findByTestId('target-add'));
    fireEvent.click(screen.getByTestId('target-save'));
    expect(await screen.findByTestId('problem-name')).toBeTruthy();
    expect(api.createTarget).not.toHaveBeenCalled();
    fireEvent.change(screen.getByTestId('target-name'), { target: { value: 'hr' } });
    fireEvent.change(screen.getByTestId('target-base-url'), { target: { value: 'https://hr.test/scim/v2' } });
    fireEvent.change(screen.getByTestId('target-secret'), { target: { value: 'tok' } });
    fireEvent.click(screen.getByTestId('target-save'));
    await waitFor(() => expect(api.createTarget).toHaveBeenCalledTimes(1));
    expect(api.createTarget.mock.calls[0][0]).toMatchObject({ name: 'hr', baseUrl: 'https://hr.test/scim/v2',
      auth: { type: 'bearer', secret: 'tok' }, deprovision: 'deactivate' });
    await waitFor(() => expect(screen.queryByTestId('target-form-modal')).toBeNull());
  });

  it('edits a target without a secret, so the stored one is kept', async () => {
    const { api } = renderPage(<OutboundPage />);
    fireEvent.click(await screen.findByTestId('target-edit'));
    expect((screen.getByTestId('target-secret') as HTMLInputElement).value).toBe('');
    fireEvent.change(screen.getByTestId('target-rate-limit'), { target: { value: '5' } });
    fireEvent.click(screen.getByTestId('target-save'));
    await waitFor(() => expect(api.updateTarget).toHaveBeenCalledTimes(1));
    expect(api.updateTarget.mock.calls[0][0]).toBe('tg1');
    expect(api.updateTarget.mock.calls[0][1].auth).toEqual({ type: 'bearer' });
    expect(api.updateTarget.mock.calls[0][1].rateLimit).toBe(5);
  });

  it('shows a refused save in the form, with the field', async () => {
    const api = fakeApi();
    api.createTarget.mockRejectedValue(new ApiError(400, 'refused',
      [{ field: 'baseUrl', message: 'baseUrl must use https' }]));
    renderPage(<OutboundPage />, { api });
    fireEvent.click(await screen.findByTestId('target-add'));
    fireEvent.change(screen.getByTestId('target-name'), { target: { value: 'hr' } });
    fireEvent.change(screen.getByTestId('target-base-url'), { target: { value: 'http://hr.test/scim' } });
    fireEvent.change(screen.getByTestId('target-secret'), { target: { value: 'tok' } });
    fireEvent.click(screen.getByTestId('target-save'));
    expect((await screen.findByTestId('error-alert')).textContent).toContain('baseUrl: baseUrl must use https');
    expect(screen.getByTestId('problem-baseUrl').textContent).toBe('baseUrl must use https');
    expect(screen.getByTestId('target-form-modal')).toBeTruthy();
  });

  it('says which SCIM connection an app also pushes users in through, chosen by name, and saves its id', async () => {
    const api = fakeApi();
    api.tokens.mockResolvedValue([...TOKENS, { ...TOKENS[0], id: 't9', name: 'Old IdP', revoked: true }]);
    renderPage(<OutboundPage />, { api });
    expect((await screen.findByTestId('target-inbound-connection-shown')).textContent).toBe('None');
    fireEvent.click(screen.getByTestId('target-edit'));
    const select = screen.getByTestId('target-inbound-connection') as HTMLSelectElement;
    await waitFor(() => expect([...select.options].map((o) => o.textContent)).toEqual(['None', 'Entra']));
    expect(screen.getByText(/not sent back to it/)).toBeTruthy();
    fireEvent.change(select, { target: { value: 't1' } });
    fireEvent.click(screen.getByTestId('target-save'));
    await waitFor(() => expect(api.updateTarget).toHaveBeenCalledTimes(1));
    expect(api.updateTarget.mock.calls[0][1].inboundConnection).toBe('t1');
  });

  it('names the chosen connection in the target\'s details, and keeps a revoked one on an edit', async () => {
    const api = fakeApi();
    api.targets.mockResolvedValue([{ ...TARGETS[0], inboundConnection: 't9' }]);
    api.tokens.mockResolvedValue([...TOKENS, { ...TOKENS[0], id: 't9', name: 'Old IdP', revoked: true }]);
    renderPage(<OutboundPage />, { api });
    await waitFor(() => expect(screen.getByTestId('target-inbound-connection-shown').textContent).toBe('Old IdP'));
    fireEvent.click(screen.getByTestId('target-edit'));
    const select = screen.getByTestId('target-inbound-connection') as HTMLSelectElement;
    await waitFor(() => expect(select.value).toBe('t9'));
    expect(select.selectedOptions[0].textContent).toBe('Old IdP (Revoked)');
    fireEvent.click(screen.getByTestId('target-save'));
    await waitFor(() => expect(api.updateTarget).toHaveBeenCalledTimes(1));
    expect(api.updateTarget.mock.calls[0][1].inboundConnection).toBe('t9');
  });

  it('shows the server\'s refusal of the connection on the field, until the field is changed', async () => {
    const api = fakeApi();
    api.updateTarget.mockRejectedValueOnce(new ApiError(400, 'refused', [{ field: 'inboundConnection',
      message: 'inboundConnection must be the id of one of this realm\'s SCIM connections; t1 is not.' }]));
    renderPage(<OutboundPage />, { api });
    fireEvent.click(await screen.findByTestId('target-edit'));
    const select = screen.getByTestId('target-inbound-connection') as HTMLSelectElement;
    await waitFor(() => expect(select.options.length).toBe(2));
    fireEvent.change(select, { target: { value: 't1' } });
    fireEvent.click(screen.getByTestId('target-save'));
    expect((await screen.findByTestId('problem-inboundConnection')).textContent).toContain('t1 is not.');
    expect(select.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId('error-alert')).toBeTruthy();
    fireEvent.change(select, { target: { value: '' } });
    expect(screen.queryByTestId('problem-inboundConnection')).toBeNull();
    expect(select.getAttribute('aria-invalid')).toBe('false');
  });

  it('shows the node sending a target\'s changes, or none', async () => {
    const api = fakeApi();
    api.targetStatus.mockResolvedValue({ ...STATUS, sender: 'kc-1/0b5e' });
    const { unmount } = renderPage(<OutboundPage />, { api });
    await waitFor(() => expect(screen.getByTestId('status-sender').textContent).toBe('kc-1/0b5e'));
    unmount();
    api.targetStatus.mockResolvedValue({ ...STATUS, sender: null });
    renderPage(<OutboundPage />, { api, locale: 'fr' });
    await waitFor(() => expect(screen.getByTestId('status-sender').textContent).toBe('Aucune'));
  });

  it('tests a target and shows what it supports', async () => {
    renderPage(<OutboundPage />);
    fireEvent.click(await screen.findByTestId('target-test'));
    const result = await screen.findByTestId('target-test-result');
    expect(result.textContent).toContain('answered 200');
    expect(within(result).getByTestId('target-supports').textContent).toContain('PATCH');
    expect(result.textContent).toContain('Filter (up to 200)');
    expect(result.textContent).toContain('No Bulk');
  });

  it('deletes a target only after the confirmation', async () => {
    const { api } = renderPage(<OutboundPage />);
    fireEvent.click(await screen.findByTestId('target-delete'));
    expect(api.deleteTarget).not.toHaveBeenCalled();
    fireEvent.click(await screen.findByTestId('target-delete-confirm'));
    await waitFor(() => expect(api.deleteTarget).toHaveBeenCalledWith('tg1'));
  });

  it('replays one dead letter, or skips them all, with the target answer shown', async () => {
    const { api } = renderPage(<OutboundPage />);
    const row = await screen.findByTestId('dead-row-zoe');
    expect(row.textContent).toContain('POST /Users: 400 bad email');
    fireEvent.click(within(row).getByTestId('dead-replay-zoe'));
    await waitFor(() => expect(api.replay).toHaveBeenCalledWith('tg1', [{ type: 'user', id: 'u9' }]));
    expect((await screen.findByTestId('dead-done')).textContent).toContain('Replayed: 1');
    fireEvent.click(await screen.findByTestId('dead-skip-all'));
    await waitFor(() => expect(api.skip).toHaveBeenCalledWith('tg1', null));
  });

  it('resumes a paused target', async () => {
    const api = fakeApi();
    api.targetStatus.mockResolvedValue({ ...STATUS, circuit: 'open', consecutiveFailures: 20,
      pausedSince: '2026-12-03T10:00:00Z' });
    renderPage(<OutboundPage />, { api });
    const alert = await screen.findByTestId('circuit-open');
    expect(alert.textContent).toContain('20 failed attempts in a row');
    fireEvent.click(within(alert).getByTestId('target-resume'));
    await waitFor(() => expect(api.resumeTarget).toHaveBeenCalledWith('tg1'));
  });

  it('says plainly when the server has no push endpoint, and offers no push', async () => {
    renderPage(<OutboundPage />);
    expect((await screen.findByTestId('push-unavailable')).textContent).toContain('not available on this server');
    expect(screen.queryByTestId('error-alert')).toBeNull();
    expect(blocked(screen.getByTestId('push-full'))).toBe(true);
    expect(blocked(screen.getByTestId('push-reconcile'))).toBe(true);
  });

  it('starts a reconcile and shows the job with its progress', async () => {
    const api = fakeApi();
    const job: PushJob = { id: 'p1', target: 'tg1', mode: 'reconcile', state: 'done', triggeredBy: 'admin',
      started: '2026-12-03T10:00:00Z', finished: '2026-12-03T10:00:09Z', examined: 40, total: 40, queued: 38,
      deprovisioned: 2, error: null };
    api.pushJobs.mockResolvedValue({ jobs: [] });
    api.startPush.mockResolvedValue(job);
    renderPage(<OutboundPage />, { api });
    expect(await screen.findByTestId('push-none')).toBeTruthy();
    fireEvent.click(screen.getByTestId('push-reconcile'));
    await waitFor(() => expect(api.startPush).toHaveBeenCalledWith('tg1', 'reconcile'));
    const shown = await screen.findByTestId('push-job');
    expect(shown.getAttribute('data-state')).toBe('done');
    expect(shown.textContent).toContain('Members examined: 40 of 40. Queued: 38. Deprovisioned: 2.');
  });

  it('keeps every change button out of reach of a view-only admin', async () => {
    renderPage(<OutboundPage />, { access: VIEW_ONLY });
    await screen.findByTestId('dead-row-zoe');
    for (const id of ['target-add', 'target-test', 'target-edit', 'target-delete', 'dead-replay-zoe', 'push-full']) {
      expect(blocked(screen.getByTestId(id))).toBe(true);
    }
    expect(screen.getByTestId('readonly-notice')).toBeTruthy();
  });

  it('speaks French and Indonesian', async () => {
    renderPage(<OutboundPage />, { locale: 'fr' });
    expect((await screen.findByTestId('target-add')).textContent).toBe('Ajouter une application');
  });
});
