import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configDir } from '../settings';

/** One service's stored login: what refreshing needs, and the access token while it lasts. */
export interface StoredLogin {
  issuer: string;
  client_id: string;
  token_endpoint: string;
  refresh_token?: string;
  access_token: string;
  /** Epoch seconds. */
  expires_at: number;
  subject?: string;
}

type LoginFile = Record<string, StoredLogin>;

const FILE = 'credentials.json';

/** Logins by service URL, in one file that only the user can read (0600, in a 0700 folder). */
export class CredentialStore {
  constructor(private readonly dir = configDir()) {}

  get path(): string {
    return join(this.dir, FILE);
  }

  get(service: string): StoredLogin | undefined {
    return this.read()[service];
  }

  put(service: string, login: StoredLogin): void {
    this.write({ ...this.read(), [service]: login });
  }

  /** Answers whether there was a login to forget. */
  remove(service: string): boolean {
    const all = this.read();
    if (!all[service]) return false;
    delete all[service];
    this.write(all);
    return true;
  }

  private read(): LoginFile {
    try {
      return JSON.parse(readFileSync(this.path, 'utf8')) as LoginFile;
    } catch {
      return {};
    }
  }

  /** Written to a temporary file created 0600, then renamed: never readable by others, never half-written. */
  private write(all: LoginFile): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const temp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 });
    chmodSync(temp, 0o600);
    renameSync(temp, this.path);
  }
}
