import { fireEvent, screen } from '@testing-library/react';
import axe from 'axe-core';
import type { ReactElement } from 'react';
import { describe, expect, it } from 'vitest';
import { FlowsPage } from '../pages/Flows';
import { MappingsPage } from '../pages/Mappings';
import { MembersPage } from '../pages/Members';
import { OverviewPage } from '../pages/Overview';
import { PolicyPage } from '../pages/Policy';
import { ScimPage } from '../pages/Scim';
import { SyncPage } from '../pages/Sync';
import { OutboundPage } from '../pages/Outbound';
import type { Locale } from '../i18n/i18n';
import { renderPage, VIEW_ONLY } from './fixtures';

/** Serious and critical axe violations in the document (color contrast needs a real layout: the browser tests). */
async function seriousViolations(): Promise<string[]> {
  const result = await axe.run(document.body, {
    rules: { 'color-contrast': { enabled: false }, region: { enabled: false } },
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const PAGES: [string, () => ReactElement, string][] = [
  ['overview', () => <OverviewPage />, 'seat-meter-premium'],
  ['policy', () => <PolicyPage />, 'preview-button'],
  ['mappings', () => <MappingsPage />, 'preview-button'],
  ['members', () => <MembersPage />, 'members-table'],
  ['sync', () => <SyncPage />, 'sync-table'],
  ['scim', () => <ScimPage />, 'tokens-table'],
  ['outbound', () => <OutboundPage />, 'dead-row-zoe'],
  ['flows', () => <FlowsPage />, 'flows-table'],
];

describe('accessibility (axe-core)', () => {
  it('the check itself finds a button without a name', async () => {
    renderPage(<button type="button" data-testid="nameless" />);
    await screen.findByTestId('nameless');
    expect((await seriousViolations()).join()).toContain('button-name');
  });

  for (const locale of ['en', 'fr', 'id'] as Locale[]) {
    for (const [name, page, ready] of PAGES) {
      it(`${name} page in ${locale} has no serious violation`, async () => {
        renderPage(page(), { locale });
        await screen.findByTestId(ready);
        expect(await seriousViolations()).toEqual([]);
      });
    }
  }

  it('the pages of a view-only admin have no serious violation', async () => {
    for (const [, page, ready] of PAGES) {
      const { unmount } = renderPage(page(), { access: VIEW_ONLY });
      await screen.findByTestId(ready);
      expect(await seriousViolations()).toEqual([]);
      unmount();
    }
  });

  it('the preview modal has no serious violation', async () => {
    renderPage(<PolicyPage />);
    fireEvent.click(await screen.findByTestId('preview-button'));
    await screen.findByTestId('preview-user-carol');
    expect(await seriousViolations()).toEqual([]);
  });

  it('the explain panel has no serious violation', async () => {
    renderPage(<MembersPage />);
    fireEvent.click(await screen.findByTestId('explain-alice'));
    await screen.findByTestId('explain-groups');
    expect(await seriousViolations()).toEqual([]);
  });

  it('the new token modal has no serious violation', async () => {
    renderPage(<ScimPage />);
    fireEvent.change(await screen.findByTestId('token-name-input'), { target: { value: 'Okta' } });
    fireEvent.click(screen.getByTestId('token-create-button'));
    await screen.findByTestId('token-secret');
    expect(await seriousViolations()).toEqual([]);
  });

  it('the add-target form has no serious violation', async () => {
    renderPage(<OutboundPage />);
    fireEvent.click(await screen.findByTestId('target-add'));
    fireEvent.click(screen.getByTestId('target-save'));
    await screen.findByTestId('problem-name');
    expect(await seriousViolations()).toEqual([]);
  });

  it('the group picker with suggestions open has no serious violation', async () => {
    renderPage(<MappingsPage />);
    const input = await screen.findByLabelText('Groups mapped to Admin', { selector: 'input' });
    fireEvent.focus(input);
    await screen.findByTestId('suggestion-acme-staff');
    expect(await seriousViolations()).toEqual([]);
  });
});
