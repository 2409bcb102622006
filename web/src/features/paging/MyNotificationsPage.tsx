import { useMutation, useQuery } from '@apollo/client/react';
import { FormEvent, useEffect, useState } from 'react';
import { ContactKindName, formatUtc } from '@vigil/shared';
import { MyPagingQuery } from '../../gql/graphql';
import { FieldError, FormError } from '../console/FieldError';
import { useFormAction } from '../console/useFormAction';
import {
  MY_PAGING,
  PAGING_ADD_METHOD,
  PAGING_REMOVE_METHOD,
  PAGING_RESEND,
  PAGING_SET_RULES,
  PAGING_TEST,
  PAGING_VERIFY,
} from './paging.graphql';
import { StepDraft, addressHint, describeRules, methodLabel, stepsToSave } from './pagingModel';
import { PushThisBrowser } from './PushThisBrowser';
import { usePushSubscription } from './usePushSubscription';
import './paging.css';

type Me = NonNullable<MyPagingQuery['me']>;
type Method = Me['contactMethods'][number];
const KINDS: ContactKindName[] = ['SMS', 'VOICE', 'EMAIL', 'SLACK', 'WEBHOOK'];

/**
 * My notifications (issue 18): the ways I am reached and their verification, my rules for high- and low-urgency
 * pages (which method, how many minutes in), a test page, and what was sent to me, skipped ones with the reason.
 */
export function MyNotificationsPage() {
  const { data, error, refetch } = useQuery(MY_PAGING, { fetchPolicy: 'cache-and-network' });
  if (error && !data)
    return (
      <section className="panel">
        <h1>My notifications</h1>
        <p className="form-error">{error.message}</p>
      </section>
    );
  if (!data) return <p className="muted">Loading…</p>;
  if (!data.me)
    return (
      <section className="panel">
        <h1>My notifications</h1>
        <p>Sign in to set how you are paged.</p>
      </section>
    );
  const me = data.me;
  const reload = () => refetch().then(() => undefined);
  return (
    <div className="paging-page" data-testid="paging-page">
      <h1 className="page-title">My notifications</h1>
      <Methods me={me} publicKey={data.webPushPublicKey} reload={reload} />
      <div className="paging-rules">
        <Rules
          title="High urgency (P0, P1)"
          urgency="HIGH"
          saved={me.high}
          methods={me.contactMethods}
          reload={reload}
        />
        <Rules title="Low urgency (P2)" urgency="LOW" saved={me.low} methods={me.contactMethods} reload={reload} />
      </div>
      <Sent me={me} />
    </div>
  );
}

function Methods({ me, publicKey, reload }: { me: Me; publicKey: string; reload: () => Promise<void> }) {
  const push = usePushSubscription();
  const thisBrowser = push.state.kind === 'ready' ? push.state.endpoint : null;
  const [kind, setKind] = useState<ContactKindName>('SMS');
  const [address, setAddress] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const [add] = useMutation(PAGING_ADD_METHOD);
  const adding = useFormAction(['address']);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void adding.run(async () => {
      const r = await add({ variables: { userId: me.id, kind, address } });
      setNote(r.data?.addContactMethod.verificationNote ?? null);
      setAddress('');
      await reload();
    });
  };
  return (
    <section className="panel">
      <h2>Contact methods</h2>
      <p className="muted">
        Only verified methods are paged. Phones get their code by SMS, email addresses by mail, a Slack member (with the
        Slack bot) as a direct message.
      </p>
      <ul className="paging-methods">
        {me.contactMethods.map((m) => (
          <MethodRow key={m.id} method={m} reload={reload} thisBrowser={m.address === thisBrowser} />
        ))}
        {me.contactMethods.length === 0 && <li className="muted">None yet: pages go to your account email.</li>}
      </ul>
      <form className="paging-add" onSubmit={submit}>
        <label>
          Kind
          <select value={kind} onChange={(e) => setKind(e.target.value as ContactKindName)} data-testid="method-kind">
            {KINDS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <label className="grow">
          Address
          <input
            value={address}
            onChange={(e) => setAddress(e.target.value)}
            placeholder={addressHint(kind)}
            data-testid="method-address"
          />
          <FieldError field="address" message={adding.errors.fields.address} />
        </label>
        <button type="submit" disabled={adding.busy} data-testid="method-add">
          Add
        </button>
      </form>
      <FormError message={adding.errors.general} />
      {note && (
        <p className="muted" role="status" data-testid="method-note">
          {note}
        </p>
      )}
      <PushThisBrowser
        publicKey={publicKey}
        state={push.state}
        subscribe={push.subscribe}
        methods={me.contactMethods.filter((m) => m.kind === 'PUSH')}
        reload={reload}
      />
    </section>
  );
}

function MethodRow(props: { method: Method; reload: () => Promise<void>; thisBrowser: boolean }) {
  const { method, reload } = props;
  const [code, setCode] = useState('');
  const [said, setSaid] = useState<string | null>(null);
  const [verify] = useMutation(PAGING_VERIFY);
  const [resend] = useMutation(PAGING_RESEND);
  const [test] = useMutation(PAGING_TEST);
  const [remove] = useMutation(PAGING_REMOVE_METHOD);
  const action = useFormAction(['code', 'id', 'contactMethodId']);
  const run = (work: () => Promise<unknown>) => void action.run(work);
  const fieldMessage = action.errors.fields.code ?? action.errors.fields.id ?? action.errors.fields.contactMethodId;
  return (
    <li className="paging-method" data-testid={`method-${method.id}`}>
      <span className="paging-kind">{method.kind}</span>
      <span className="paging-address" title={method.kind === 'PUSH' ? method.address : undefined}>
        {methodLabel(method.kind, method.address)}
        {props.thisBrowser && <span className="muted"> (this browser)</span>}
      </span>
      {method.unusableReason ? (
        <span className="badge badge-warn" title={method.unusableReason}>
          unusable
        </span>
      ) : method.verified ? (
        <span className="badge badge-ok">verified</span>
      ) : (
        <span className="badge badge-warn">not verified</span>
      )}
      <span className="paging-actions">
        {!method.verified && (
          <>
            <input
              className="paging-code"
              value={code}
              onChange={(e) => setCode(e.target.value)}
              placeholder="6-digit code"
              inputMode="numeric"
              aria-label={`Code for ${method.address}`}
              data-testid={`code-${method.id}`}
            />
            <button
              type="button"
              disabled={action.busy}
              onClick={() => run(() => verify({ variables: { id: method.id, code } }).then(reload))}
            >
              Verify
            </button>
            <button
              type="button"
              className="linklike"
              disabled={action.busy}
              onClick={() =>
                run(async () => {
                  const r = await resend({ variables: { id: method.id } });
                  setSaid(r.data?.resendVerificationCode.verificationNote ?? null);
                })
              }
            >
              Send a new code
            </button>
          </>
        )}
        {method.verified && (
          <button
            type="button"
            disabled={action.busy}
            onClick={() =>
              run(async () => {
                await test({ variables: { contactMethodId: method.id } });
                setSaid('Test page queued.');
                await reload();
              })
            }
          >
            Send test page
          </button>
        )}
        <button
          type="button"
          className="linklike"
          disabled={action.busy}
          onClick={() => run(() => remove({ variables: { id: method.id } }).then(reload))}
        >
          Remove
        </button>
      </span>
      <FieldError field={`method-${method.id}`} message={fieldMessage ?? action.errors.general} />
      {method.unusableReason && <span className="muted paging-said">Skipped: {method.unusableReason}</span>}
      {said && <span className="muted paging-said">{said}</span>}
    </li>
  );
}

function Rules(props: {
  title: string;
  urgency: 'HIGH' | 'LOW';
  saved: Me['high'];
  methods: Method[];
  reload: () => Promise<void>;
}) {
  const fromSaved = () =>
    props.saved.map((s) => ({ contactMethodId: s.contactMethodId, delayMinutes: String(s.delayMinutes) }));
  const [drafts, setDrafts] = useState<StepDraft[]>(fromSaved);
  const savedKey = JSON.stringify(props.saved);
  // The server's answer after a save (or another tab's) replaces the draft.
  useEffect(() => setDrafts(fromSaved()), [savedKey]);
  const [save] = useMutation(PAGING_SET_RULES);
  const action = useFormAction(['steps']);
  const kindOf = (id: string) => {
    const m = props.methods.find((x) => x.id === id);
    return m ? `${m.kind} ${methodLabel(m.kind, m.address)}` : undefined;
  };
  const set = (i: number, patch: Partial<StepDraft>) =>
    setDrafts((d) => d.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const stepError = Object.entries(action.errors.fields).find(([f]) => f.startsWith('steps'))?.[1];
  return (
    <section className="panel" data-testid={`rules-${props.urgency}`}>
      <h2>{props.title}</h2>
      <p className="muted">{describeRules(props.saved, kindOf)}</p>
      <ol className="paging-steps">
        {drafts.map((d, i) => (
          <li key={i}>
            <select value={d.contactMethodId} onChange={(e) => set(i, { contactMethodId: e.target.value })}>
              <option value="">choose a method</option>
              {props.methods.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.kind} {methodLabel(m.kind, m.address)}
                  {m.unusableReason ? ' (unusable)' : m.verified ? '' : ' (not verified)'}
                </option>
              ))}
            </select>
            <label>
              after
              <input
                className="paging-delay"
                type="number"
                min={0}
                max={1440}
                value={d.delayMinutes}
                onChange={(e) => set(i, { delayMinutes: e.target.value })}
              />
              min
            </label>
            <button type="button" className="linklike" onClick={() => setDrafts((x) => x.filter((_, j) => j !== i))}>
              remove
            </button>
          </li>
        ))}
      </ol>
      <div className="paging-buttons">
        <button type="button" onClick={() => setDrafts((x) => [...x, { contactMethodId: '', delayMinutes: '0' }])}>
          Add step
        </button>
        <button
          type="button"
          disabled={action.busy}
          data-testid={`rules-save-${props.urgency}`}
          onClick={() =>
            void action.run(async () => {
              await save({ variables: { urgency: props.urgency, steps: stepsToSave(drafts) } });
              await props.reload();
            })
          }
        >
          Save
        </button>
      </div>
      <FieldError field={`steps-${props.urgency}`} message={stepError ?? action.errors.general} />
    </section>
  );
}

function Sent({ me }: { me: Me }) {
  return (
    <section className="panel">
      <h2>Sent to me</h2>
      {me.notifications.length === 0 && <p className="muted">Nothing yet.</p>}
      {me.notifications.length > 0 && (
        <table className="incident-table paging-sent">
          <thead>
            <tr>
              <th>When</th>
              <th>What</th>
              <th>How</th>
              <th>State</th>
            </tr>
          </thead>
          <tbody>
            {me.notifications.map((n) => (
              <tr key={n.id}>
                <td>{formatUtc(n.nextAttemptAt)}</td>
                <td>{n.kind}</td>
                <td>
                  {n.channel} <span className="muted">{n.address}</span>
                </td>
                <td>
                  <span className={`badge status-${n.status.toLowerCase()}`}>{n.status}</span>
                  {n.lastError && <div className="muted">{n.lastError}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
