export const PAGES = ['overview', 'policy', 'mappings', 'members', 'sync', 'scim', 'outbound', 'flows'] as const;
export type PageId = (typeof PAGES)[number];

export interface Route {
  realm: string | null;
  page: PageId;
}

/** Reads {@code #/{realm}/{page}}; an unknown or missing page is the Overview. */
export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter((p) => p !== '');
  const realm = parts[0] ? decodeURIComponent(parts[0]) : null;
  const page = (PAGES as readonly string[]).includes(parts[1] ?? '') ? (parts[1] as PageId) : 'overview';
  return { realm, page };
}

export function formatHash(route: { realm: string; page: PageId }): string {
  return `#/${encodeURIComponent(route.realm)}/${route.page}`;
}

/** The realm to show by default: the first that isn't master, if any. */
export function defaultRealm(realms: string[]): string | null {
  return realms.find((r) => r !== 'master') ?? realms[0] ?? null;
}
