import { CredentialStore } from '../auth/credentials';
import { deviceLogin } from '../auth/device-login';
import { jwtClaims } from '../auth/jwt-claims';
import { connect } from '../connect';
import { serviceUrl, type GlobalOptions } from '../settings';

const say = (line: string): void => void process.stderr.write(`${line}\n`);

/** `relia login`: the device grant against the service's issuer; the tokens kept 0600. */
export async function loginCommand(options: GlobalOptions): Promise<number> {
  const url = serviceUrl(options);
  const store = new CredentialStore();
  const login = await deviceLogin(url, say);
  store.put(url, login);
  say(`signed in to ${url} as ${login.subject ?? 'unknown'} (kept in ${store.path})`);
  if (process.env.RELIA_TOKEN) say('note: RELIA_TOKEN is set and wins over this login');
  return 0;
}

/** `relia logout`: forget the stored login of this service. */
export async function logoutCommand(options: GlobalOptions): Promise<number> {
  const url = serviceUrl(options);
  say(new CredentialStore().remove(url) ? `signed out of ${url}` : `not signed in to ${url}`);
  return 0;
}

/** `relia whoami`: who the token names, checked against the service (it must accept the token). */
export async function whoamiCommand(options: GlobalOptions): Promise<number> {
  const url = serviceUrl(options);
  await connect(options).send('GET', '/tasks?limit=1');
  // Read after the call: it may have refreshed the stored token.
  const stored = new CredentialStore().get(url);
  const env = process.env.RELIA_TOKEN;
  const token = env ?? stored?.access_token ?? '';
  const claims = jwtClaims(token);
  const source = env ? 'RELIA_TOKEN' : `login via ${stored?.issuer}`;
  process.stdout.write(`${claims.sub ?? stored?.subject ?? 'unknown'}\n`);
  say(`accepted by ${url} (${source}${claims.exp ? `, token valid until ${new Date(claims.exp * 1000).toISOString()}` : ''})`);
  return 0;
}
