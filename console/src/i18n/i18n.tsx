import { createContext, useContext, type ReactNode } from 'react';
import { en, type MessageKey } from './en';
import { fr } from './fr';
import { id } from './id';

export type { MessageKey };

export const LOCALES = ['en', 'fr', 'id'] as const;
export type Locale = (typeof LOCALES)[number];

export const CATALOGS: Record<Locale, Record<MessageKey, string>> = { en, fr, id };

/** Each language's name in itself, for the language switcher. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', fr: 'Français', id: 'Bahasa Indonesia' };

export type Params = Record<string, string | number | null | undefined>;

/** Fills {name} placeholders; a missing parameter stays visible as {name}. */
export function format(template: string, params?: Params): string {
  if (!params) {
    return template;
  }
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined || v === null ? whole : String(v);
  });
}

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  return format(CATALOGS[locale][key] ?? en[key] ?? key, params);
}

export function isLocale(value: string | null | undefined): value is Locale {
  return !!value && (LOCALES as readonly string[]).includes(value);
}

/** The first supported language among: the element's attribute, ?lang=, the browser's languages; else English. */
export function pickLocale(attribute: string | null | undefined, search: string, browser: readonly string[]): Locale {
  const candidates = [attribute, new URLSearchParams(search).get('lang'), ...browser];
  for (const c of candidates) {
    const short = c?.toLowerCase().split(/[-_]/)[0];
    if (isLocale(short)) {
      return short;
    }
  }
  return 'en';
}

export interface I18n {
  locale: Locale;
  t: (key: MessageKey, params?: Params) => string;
  setLocale: (locale: Locale) => void;
  formatDate: (iso: string | number | null | undefined) => string;
}

export function makeI18n(locale: Locale, setLocale: (l: Locale) => void): I18n {
  const dates = new Intl.DateTimeFormat(locale === 'id' ? 'id-ID' : locale, { dateStyle: 'medium', timeStyle: 'short' });
  return {
    locale,
    setLocale,
    t: (key, params) => translate(locale, key, params),
    formatDate: (value) => {
      if (value === null || value === undefined || value === '') {
        return translate(locale, 'common.never');
      }
      const d = new Date(value);
      return Number.isNaN(d.getTime()) ? String(value) : dates.format(d);
    },
  };
}

const I18nContext = createContext<I18n>(makeI18n('en', () => undefined));

export function I18nProvider({ value, children }: { value: I18n; children: ReactNode }) {
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
