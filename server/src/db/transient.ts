/**
 * Lock waits and deadlocks between concurrent writers (two senders claiming, two alert senders on one key): the
 * database undid the whole transaction, and doing it again is the fix.
 */
export function isTransient(e: unknown): boolean {
  const err = e as { code?: string; driverError?: { code?: string } };
  const code = err.driverError?.code ?? err.code;
  return code === 'ER_LOCK_DEADLOCK' || code === 'ER_LOCK_WAIT_TIMEOUT' || code === 'SQLITE_BUSY';
}

/** Runs `work` (a whole transaction) again after a transient failure, with a short random pause, up to `attempts` times. */
export async function retryTransient<T>(
  work: () => Promise<T>,
  attempts: number,
  retryAlso: (e: unknown) => boolean = () => false,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (e) {
      if (!(isTransient(e) || retryAlso(e)) || attempt >= attempts) throw e;
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * attempt));
    }
  }
}
