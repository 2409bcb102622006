import { useEffect, useState } from 'react';

/** The current time, re-rendering every `everyMs`: countdowns tick on the client, no polling the server. */
export function useNow(everyMs = 1000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}
