import { useState } from 'preact/hooks';
import { api } from '../api/http';
import type { AuthConfig } from '../api/types';
import { beginSignIn } from './oidc';
import { startSession } from './session';

/**
 * Sign-in: through the company's SSO when an issuer is configured, otherwise (development mode
 * only, where the server mints tokens for anyone) a clearly marked development sign-in.
 */
export function SignIn({ config, reason }: { config: AuthConfig; reason?: string }) {
  return (
    <main class="sign-in" id="main">
      <h1>Relia</h1>
      <p>Lint and test Ansible playbooks.</p>
      {reason && <p class="notice" role="status">{reason}</p>}
      {config.development_tokens ? <DevSignIn /> : <SsoSignIn config={config} />}
    </main>
  );
}

function SsoSignIn({ config }: { config: AuthConfig }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const start = () => {
    setBusy(true);
    beginSignIn(config).catch((e: Error) => (setError(e.message), setBusy(false)));
  };
  return (
    <section aria-labelledby="sso-title">
      <h2 id="sso-title">Sign in with your company account</h2>
      <button type="button" class="primary" onClick={start} disabled={busy}>Sign in with SSO</button>
      {error && <p class="notice error" role="alert">{error}</p>}
    </section>
  );
}

function DevSignIn() {
  const [user, setUser] = useState('');
  const [admin, setAdmin] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    try {
      const token = await api<{ access_token: string; expires_in: number }>('/auth/dev-token', { method: 'POST', json: { user, admin } });
      startSession({ token: token.access_token, expiresAt: Date.now() + token.expires_in * 1000, kind: 'development' });
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <section class="dev-sign-in" aria-labelledby="dev-title">
      <h2 id="dev-title">Development sign-in</h2>
      <p class="warning">
        Development mode: no identity provider is configured, so anyone can sign in as anyone. Never expose this service.
      </p>
      <form onSubmit={submit}>
        <label for="dev-user">User name</label>
        <input id="dev-user" name="user" autocomplete="username" required pattern="[A-Za-z0-9._@\-]{1,128}" value={user}
          onInput={(e) => setUser((e.target as HTMLInputElement).value)} />
        <label class="inline"><input type="checkbox" checked={admin} onChange={(e) => setAdmin((e.target as HTMLInputElement).checked)} /> Admin</label>
        <button type="submit" class="primary">Sign in</button>
      </form>
      {error && <p class="notice error" role="alert">{error}</p>}
    </section>
  );
}
