import { useEffect, useState } from 'react';
import { ConnectionState, VigilClient } from '../../app/apollo';

export interface Connection {
  state: ConnectionState;
  /** When the socket was last known good: the age of the data on screen while it is down. */
  lastLiveAt: Date | null;
  /** Bumps on every reconnect, so views can refetch and catch up. */
  generation: number;
}

export function useConnection(client: VigilClient): Connection {
  const [conn, setConn] = useState<Connection>({ state: 'connecting', lastLiveAt: null, generation: 0 });
  useEffect(() => client.onConnectionChange((state) => {
    setConn((prev) => ({
      state,
      lastLiveAt: state === 'connected' ? new Date() : prev.state === 'connected' ? new Date() : prev.lastLiveAt,
      generation: state === 'connected' ? prev.generation + 1 : prev.generation,
    }));
  }), [client]);
  return conn;
}
