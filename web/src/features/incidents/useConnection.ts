import { useSyncExternalStore } from 'react';
import { VigilClient } from '../../app/apollo';
import { LinkState, linkLabel } from '../../app/connectionModel';

export interface Connection {
  state: LinkState;
  /** "● LIVE", or the state and how old the data on screen is. */
  label: string;
  /** Bumps on every reconnect, so views can refetch and catch up. */
  generation: number;
}

/** The link as a screen shows it at `now` (pass the ticking clock: STALE comes from silence, not from an event). */
export function useConnection(client: VigilClient, now: Date): Connection {
  const facts = useSyncExternalStore(client.onConnectionChange, client.connection);
  return { ...linkLabel(facts, now.getTime()), generation: facts.connects };
}
