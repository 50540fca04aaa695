import { createContext, useContext } from 'react';
import type { Schemas } from '../api/client';
import type { Action } from './permissions';

export interface Session {
  user: Schemas['UserResponse'];
  /** Whether the signed-in user's role allows the action: hide the control when it does not. */
  can(action: Action): boolean;
  signOut(): Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside <RequireSession>');
  return session;
}
