import { useCallback, useEffect, useState } from 'react';
import { applicationServerKey, subscriptionFields } from './pagingModel';

/** Where this browser stands with push: what it can do, and its subscription's endpoint if it has one. */
export type PushState =
  | { kind: 'checking' }
  | { kind: 'unsupported'; why: string }
  | { kind: 'denied' }
  | { kind: 'ready'; endpoint: string | null };

function support(): string | null {
  if (!('serviceWorker' in navigator))
    return 'This browser has no service workers (a private window, or an old browser).';
  if (!('PushManager' in window)) return 'This browser does not support Web Push.';
  if (!('Notification' in window)) return 'This browser cannot show notifications.';
  return null;
}

/** This browser's push subscription: whether it can have one, which it has, and subscribing it with the server key. */
export function usePushSubscription() {
  const [state, setState] = useState<PushState>({ kind: 'checking' });

  const refresh = useCallback(async () => {
    const why = support();
    if (why) return setState({ kind: 'unsupported', why });
    if (Notification.permission === 'denied') return setState({ kind: 'denied' });
    const registration = await navigator.serviceWorker.getRegistration();
    const current = registration ? await registration.pushManager.getSubscription() : null;
    setState({ kind: 'ready', endpoint: current?.endpoint ?? null });
  }, []);

  useEffect(() => {
    void refresh().catch((e: unknown) => setState({ kind: 'unsupported', why: String((e as Error).message ?? e) }));
  }, [refresh]);

  /** Asks for permission, subscribes with `publicKey`, and returns what the server stores; throws with the reason. */
  const subscribe = useCallback(
    async (publicKey: string) => {
      const permission = await Notification.requestPermission();
      if (permission !== 'granted') {
        await refresh();
        throw new Error('Notifications are not allowed for Vigil in this browser; allow them in its site settings.');
      }
      const registration = await navigator.serviceWorker.register('/sw.js');
      await navigator.serviceWorker.ready;
      const existing = await registration.pushManager.getSubscription();
      const subscription =
        existing ??
        (await registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: applicationServerKey(publicKey),
        }));
      const fields = subscriptionFields(subscription.toJSON());
      if (!fields) throw new Error('The browser gave a subscription without keys; try again.');
      setState({ kind: 'ready', endpoint: fields.endpoint });
      return fields;
    },
    [refresh],
  );

  return { state, subscribe };
}
