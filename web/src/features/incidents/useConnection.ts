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
  const [conn, setConn] = useState<Connection>(() => {
    const { state, lastLiveAt } = client.connection();
    return { state, lastLiveAt, generation: state === 'connected' ? 1 : 0 };
  });
  useEffect(() => {
    const off = client.onConnectionChange((state) => {
      setConn((prev) => ({
        state,
        lastLiveAt: state === 'connected' ? new Date() : prev.state === 'connected' ? new Date() : prev.lastLiveAt,
        generation: state === 'connected' ? prev.generation + 1 : prev.generation,
      }));
    });
    // A change between the first render and this subscription would otherwise be missed.
    const now = client.connection();
    setConn((prev) =>
      prev.state === now.state
        ? prev
        : {
            state: now.state,
            lastLiveAt: now.lastLiveAt,
            generation: prev.generation + (now.state === 'connected' ? 1 : 0),
          },
    );
    return off;
  }, [client]);
  return conn;
}
