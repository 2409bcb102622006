import { formatUtc } from '@vigil/shared';
import { useMutation, useQuery } from '@apollo/client/react';
import { FormEvent, useState } from 'react';
import { Link } from '../../app/router';
import { FieldError, FormError } from '../console/FieldError';
import { useFormAction } from '../console/useFormAction';
import { CalendarFeedLink } from '../oncall/CalendarFeedLink';
import { ACCOUNT_PAGE, API_TOKENS, CHANGE_PASSWORD, CREATE_PERSONAL_TOKEN, REVOKE_API_TOKEN } from './account.graphql';
import './account.css';

/** Yours: password, API tokens, how you are paged (linked), your calendar feed, your teams. */
export function AccountPage() {
  const { data, loading } = useQuery(ACCOUNT_PAGE, { fetchPolicy: 'cache-and-network' });
  const me = data?.me;
  if (!me) {
    return (
      <section className="panel">
        <h1>Account</h1>
        {!loading && (
          <p>
            <Link to="/login?next=%2Faccount">Sign in</Link> to see your account.
          </p>
        )}
      </section>
    );
  }
  return (
    <div className="account-page">
      <section className="panel">
        <h1>Account</h1>
        <p data-testid="account-who">
          {me.name} · {me.email} · <span className="muted">{me.role.toLowerCase()}</span>
        </p>
        <h2>My teams</h2>
        {me.teams.length ? (
          <ul className="account-teams" data-testid="account-teams">
            {me.teams.map((t) => (
              <li key={t.id}>{t.name}</li>
            ))}
          </ul>
        ) : (
          <p className="muted">You are in no team.</p>
        )}
        <h2>How you are paged</h2>
        <p>
          Your contact methods (verify, test) and notification rules:{' '}
          <Link to="/me/notifications" data-testid="account-notifications">
            My notifications
          </Link>
          .
        </p>
        <h2>My calendar feed</h2>
        <CalendarFeedLink existing={data.myCalendarFeed} testId="account-calendar" />
      </section>
      <ChangePassword />
      <ApiTokens />
    </div>
  );
}

function ChangePassword() {
  const [change] = useMutation(CHANGE_PASSWORD);
  const { errors, busy, run } = useFormAction(['currentPassword', 'newPassword']);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [done, setDone] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    void run(async () => {
      await change({ variables: { currentPassword: current, newPassword: next } });
      setCurrent('');
      setNext('');
      setDone(true);
    });
  };
  return (
    <section className="panel">
      <h2>Change password</h2>
      <form className="form" onSubmit={submit} data-testid="change-password">
        <label>
          Current password
          <input
            type="password"
            autoComplete="current-password"
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
            aria-invalid={errors.fields.currentPassword ? true : undefined}
            aria-describedby={errors.fields.currentPassword ? 'error-currentPassword' : undefined}
            required
          />
        </label>
        <FieldError field="currentPassword" message={errors.fields.currentPassword} />
        <label>
          New password
          <input
            type="password"
            autoComplete="new-password"
            value={next}
            onChange={(e) => setNext(e.target.value)}
            aria-invalid={errors.fields.newPassword ? true : undefined}
            aria-describedby={errors.fields.newPassword ? 'error-newPassword' : undefined}
            required
          />
        </label>
        <FieldError field="newPassword" message={errors.fields.newPassword} />
        <FormError message={errors.general} />
        {done && (
          <p role="status" data-testid="password-changed">
            Password changed. Your other sessions were signed out.
          </p>
        )}
        <div>
          <button type="submit" className="button primary" disabled={busy}>
            Change password
          </button>
        </div>
      </form>
    </section>
  );
}

function ApiTokens() {
  const tokens = useQuery(API_TOKENS, { fetchPolicy: 'cache-and-network' });
  const [create] = useMutation(CREATE_PERSONAL_TOKEN);
  const [revoke] = useMutation(REVOKE_API_TOKEN);
  const { errors, busy, run } = useFormAction(['name', 'expiresInDays']);
  const revoking = useFormAction([]);
  const [name, setName] = useState('');
  const [days, setDays] = useState('');
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const made = await create({ variables: { name, expiresInDays: days ? Number(days) : null } });
      const result = made.data?.createPersonalToken;
      if (result) setSecret({ name: result.token.name, secret: result.secret });
      setName('');
      setDays('');
      await tokens.refetch();
    });
  };
  const list = tokens.data?.apiTokens ?? [];
  return (
    <section className="panel">
      <h2>My API tokens</h2>
      {secret && (
        <div className="token-secret" role="status" data-testid="token-secret">
          <p>
            <b>{secret.name}</b>: copy it now, it is not shown again.
          </p>
          <code>{secret.secret}</code>
        </div>
      )}
      {list.length === 0 ? (
        <p className="muted">No API tokens.</p>
      ) : (
        <table className="account-tokens" data-testid="token-list">
          <thead>
            <tr>
              <th>Name</th>
              <th>Kind</th>
              <th>Starts with</th>
              <th>Created</th>
              <th>Last used</th>
              <th>Expires</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((t) => (
              <tr key={t.id} data-testid={`token-${t.id}`}>
                <td>{t.name}</td>
                <td>{t.kind.toLowerCase()}</td>
                <td>
                  <code>{t.prefix}…</code>
                </td>
                <td>{formatUtc(t.createdAt)}</td>
                <td>{t.lastUsedAt ? formatUtc(t.lastUsedAt) : 'never'}</td>
                <td>{t.expiresAt ? formatUtc(t.expiresAt) : 'never'}</td>
                <td>
                  <button
                    type="button"
                    className="button"
                    disabled={revoking.busy}
                    aria-label={`Revoke ${t.name}`}
                    onClick={() =>
                      void revoking.run(async () => {
                        await revoke({ variables: { id: t.id } });
                        await tokens.refetch();
                      })
                    }
                  >
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <FormError message={revoking.errors.general} />
      <form className="form" onSubmit={submit} data-testid="create-token">
        <h3>New personal token</h3>
        <label>
          Name
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={errors.fields.name ? true : undefined}
            aria-describedby={errors.fields.name ? 'error-name' : undefined}
            required
          />
        </label>
        <FieldError field="name" message={errors.fields.name} />
        <label>
          Expires in (days, empty for never)
          <input
            type="number"
            min={1}
            value={days}
            onChange={(e) => setDays(e.target.value)}
            aria-invalid={errors.fields.expiresInDays ? true : undefined}
            aria-describedby={errors.fields.expiresInDays ? 'error-expiresInDays' : undefined}
          />
        </label>
        <FieldError field="expiresInDays" message={errors.fields.expiresInDays} />
        <FormError message={errors.general} />
        <div>
          <button type="submit" className="button primary" disabled={busy}>
            Create token
          </button>
        </div>
      </form>
    </section>
  );
}
