import { useMutation } from '@apollo/client/react';
import { FormEvent, useState } from 'react';
import { useRouter } from '../../app/router';
import { LOGIN } from './console.graphql';
import { FieldError, FormError } from './FieldError';
import { useFormAction } from './useFormAction';

/** Email and password → a session cookie; then a full load so the WebSocket reconnects as the signed-in person. */
export function LoginPage() {
  const { location } = useRouter();
  const [login] = useMutation(LOGIN);
  const { errors, busy, run, describedBy, fieldError } = useFormAction(['email', 'password']);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const next = safeNext(new URLSearchParams(location.search).get('next'));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await run(() => login({ variables: { email, password } }))) window.location.assign(next);
  };
  return (
    <section className="panel narrow login">
      <h1>Sign in</h1>
      <form onSubmit={submit} className="form" noValidate>
        <label>
          Email
          <input
            type="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            {...describedBy('email')}
            data-testid="login-email"
          />
        </label>
        <FieldError {...fieldError('email')} />
        <label>
          Password
          <input
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            {...describedBy('password')}
            data-testid="login-password"
          />
        </label>
        <FieldError {...fieldError('password')} />
        <FormError message={errors.general} />
        <div className="actions-row">
          <button type="submit" className="button primary" disabled={busy} data-testid="login-submit">
            Sign in
          </button>
        </div>
      </form>
    </section>
  );
}

/** Only same-site paths: a login link must not become an open redirect. */
function safeNext(next: string | null): string {
  return next && /^\/(?!\/)/.test(next) ? next : '/incidents';
}
