import { describe, expect, it } from 'vitest';
import { en } from './en';
import { CATALOGS, LOCALES, format, pickLocale, translate } from './i18n';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the message catalogs', () => {
  for (const locale of LOCALES) {
    it(`${locale} has every English key, none empty, none extra`, () => {
      const catalog = CATALOGS[locale] as Record<string, string>;
      const missing = Object.keys(en).filter((k) => !(k in catalog) || catalog[k].trim() === '');
      const extra = Object.keys(catalog).filter((k) => !(k in en));
      expect(missing).toEqual([]);
      expect(extra).toEqual([]);
    });

    it(`${locale} uses the same placeholders as English`, () => {
      const catalog = CATALOGS[locale] as Record<string, string>;
      const wrong = Object.entries(en).filter(([k, v]) => placeholders(v).join() !== placeholders(catalog[k] ?? '').join())
        .map(([k]) => k);
      expect(wrong).toEqual([]);
    });
  }

  it('French and Indonesian are translations, not copies of English', () => {
    // Product names may stay as they are; sentences may not.
    const allowed = ['scim.entra.title'];
    for (const locale of ['fr', 'id'] as const) {
      const copied = Object.entries(en)
        .filter(([k, v]) => v.replace(/\{\w+\}/g, '').length > 12 && CATALOGS[locale][k as keyof typeof en] === v && !allowed.includes(k))
        .map(([k]) => k);
      expect(copied).toEqual([]);
    }
  });
});

describe('format', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('{used} of {capacity} seats', { used: 3, capacity: 5 })).toBe('3 of 5 seats');
    expect(format('Hello {name}', {})).toBe('Hello {name}');
  });

  it('translates the backend warning codes in each language', () => {
    const params = { tier: 'Premium', used: '6', capacity: '5' };
    expect(translate('en', 'warning.over-capacity', params)).toBe('Premium: 6 seats used, 5 purchased.');
    expect(translate('fr', 'warning.over-capacity', params)).toContain('places occupées 6, achetées 5');
    expect(translate('id', 'warning.over-capacity', params)).toContain('6 kursi terpakai dari 5');
  });
});

describe('pickLocale', () => {
  it('prefers the attribute, then ?lang=, then the browser', () => {
    expect(pickLocale('fr', '?lang=id', ['en-US'])).toBe('fr');
    expect(pickLocale(null, '?lang=id', ['fr-FR'])).toBe('id');
    expect(pickLocale(null, '', ['de-DE', 'fr-CA'])).toBe('fr');
  });

  it('falls back to English', () => {
    expect(pickLocale('de', '?lang=xx', ['ja'])).toBe('en');
  });
});
