import { createContext, useContext } from 'react';
import { VigilClient } from './apollo';

export const VigilClientContext = createContext<VigilClient | null>(null);

/** The app's one client, for views that watch the WebSocket's state. */
export function useVigilClient(): VigilClient {
  const client = useContext(VigilClientContext);
  if (!client) throw new Error('useVigilClient outside VigilClientContext');
  return client;
}
