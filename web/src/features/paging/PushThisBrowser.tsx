import { useMutation } from '@apollo/client/react';
import { FieldError, FormError } from '../console/FieldError';
import { useFormAction } from '../console/useFormAction';
import { PAGING_SUBSCRIBE_PUSH } from './paging.graphql';
import { PushState } from './usePushSubscription';

interface PushMethod {
  id: string;
  address: string;
  unusableReason?: string | null;
}

/**
 * "Pages on this browser" (issue 18): subscribes this browser to Web Push with the server's key and stores the
 * subscription as a PUSH method. Subscribing is the verification: only this signed-in browser could make it.
 */
export function PushThisBrowser(props: {
  publicKey: string;
  state: PushState;
  subscribe: (publicKey: string) => Promise<{ endpoint: string; p256dh: string; auth: string }>;
  methods: PushMethod[];
  reload: () => Promise<void>;
}) {
  const [save] = useMutation(PAGING_SUBSCRIBE_PUSH);
  const action = useFormAction(['endpoint', 'p256dh', 'auth']);
  const { state } = props;
  const mine = state.kind === 'ready' ? props.methods.find((m) => m.address === state.endpoint) : undefined;
  const run = () =>
    void action.run(async () => {
      const fields = await props.subscribe(props.publicKey);
      await save({ variables: fields });
      await props.reload();
    });
  const fieldError = action.errors.fields.endpoint ?? action.errors.fields.p256dh ?? action.errors.fields.auth;
  return (
    <div className="paging-push" data-testid="push-this-browser">
      <h3>Pages on this browser</h3>
      {state.kind === 'checking' && <p className="muted">Checking this browser…</p>}
      {state.kind === 'unsupported' && <p className="muted">{state.why}</p>}
      {state.kind === 'denied' && (
        <p className="muted">Notifications are blocked for Vigil here; allow them in the browser’s site settings.</p>
      )}
      {state.kind === 'ready' && mine && !mine.unusableReason && (
        <p data-testid="push-state">
          This browser gets your pages, with Acknowledge and Escalate on the notification. Add it to your rules below;
          “Send test page” on its row shows one.
        </p>
      )}
      {state.kind === 'ready' && (!mine || mine.unusableReason) && (
        <>
          <p className="muted" data-testid="push-state">
            {mine?.unusableReason
              ? `Pages skip this browser: ${mine.unusableReason}.`
              : 'Install Vigil on your phone’s home screen and subscribe it: pages arrive as notifications, even on the lock screen.'}
          </p>
          <button type="button" disabled={action.busy} onClick={run} data-testid="push-subscribe">
            {mine ? 'Subscribe this browser again' : 'Subscribe this browser'}
          </button>
        </>
      )}
      <FieldError field="push" message={fieldError} />
      <FormError message={action.errors.general} />
    </div>
  );
}
