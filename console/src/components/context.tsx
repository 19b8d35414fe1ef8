import { createContext, useContext } from 'react';
import type { RealmApi } from '../api/client';
import type { Access } from '../api/types';

/** What every page needs: the realm's API, what this admin may do there, and where the server is. */
export interface ConsoleContextValue {
  api: RealmApi;
  realm: string;
  access: Access;
  serverUrl: string;
  scimPath: string;
}

export const ConsoleContext = createContext<ConsoleContextValue | null>(null);

export function useConsole(): ConsoleContextValue {
  const value = useContext(ConsoleContext);
  if (!value) {
    throw new Error('useConsole outside the console');
  }
  return value;
}

/** Full access: what the console assumes when the server cannot say (the server still checks every call). */
export const FULL_ACCESS: Access = { viewRealm: true, manageRealm: true, viewUsers: true, manageUsers: true };
