import { List, ListItem, Title } from '@patternfly/react-core';
import { useI18n } from '../i18n/i18n';

/** How to recover when the organization lost its Owner anyway. */
export function LostOwnerHelp() {
  const { t } = useI18n();
  return (
    <section data-testid="lost-owner-help" aria-labelledby="lost-owner-title">
      <Title headingLevel="h2" size="lg" id="lost-owner-title">{t('help.lostOwner.title')}</Title>
      <List className="pf-v5-u-mt-sm">
        <ListItem>{t('help.lostOwner.another')}</ListItem>
        <ListItem>{t('help.lostOwner.idp')}</ListItem>
        <ListItem>{t('help.lostOwner.realmAdmin')}</ListItem>
      </List>
    </section>
  );
}
