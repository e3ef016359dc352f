import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * A real git server on 127.0.0.1 for tests: HTTPS (a self-signed certificate made at runtime) in
 * front of `git http-backend` as CGI, so clients speak smart HTTP, protocol v2 included, exactly
 * as against a forge. Optional basic auth, and a delay or a stall to test timeouts.
 */
export interface GitServerOptions {
  auth?: { user: string; password: string };
}

/** What a test may change while the server runs. */
export interface GitServerBehaviour {
  /** Milliseconds before each request is answered. */
  delayMs: number;
  /** Accept requests but never answer them. */
  stall: boolean;
}

export interface GitServer {
  /** The certificate of the server, to be trusted as a CA (GitOptions.caFile). */
  caFile: string;
  behaviour: GitServerBehaviour;
  /** https://127.0.0.1:<port>/<name>.git */
  url(name: string): string;
  createRepo(name: string): BareRepo;
  close(): Promise<void>;
}

/** A file to commit: text, or content with a mode, or a symlink. */
export type RepoFile = string | { content: string | Buffer; executable?: boolean } | { symlink: string };

export interface BareRepo {
  path: string;
  /** Writes (or with null, deletes) files, commits them to `branch` (main) and returns the sha. */
  commit(files: Record<string, RepoFile | null>, message: string, branch?: string): string;
  /** An annotated tag (or a lightweight one) at `ref` (main). */
  tag(name: string, ref?: string, annotated?: boolean): void;
  head(branch?: string): string;
}

const BACKEND = '/usr/lib/git-core/git-http-backend';
/** The helpers' git sees none of the test process's environment (tests set hostile values there). */
const GIT_ENV = { PATH: '/usr/bin:/bin', HOME: '/nonexistent', LANG: 'C', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };

export async function startGitServer(options: GitServerOptions = {}): Promise<GitServer> {
  const root = mkdtempSync(join(tmpdir(), 'relia-git-server-'));
  const { key, cert, caFile } = makeCertificate(root);
  mkdirSync(join(root, 'repos'));
  const behaviour: GitServerBehaviour = { delayMs: 0, stall: false };
  const state = { sockets: new Set<Socket>(), children: new Set<ChildProcess>() };
  const server = createServer({ key, cert }, (req, res) => handle(req, res, { root, options, behaviour, state }));
  server.on('connection', (socket: Socket) => track(state.sockets, socket));
  const port = await listen(server);
  const url = (name: string) => `https://127.0.0.1:${port}/${name}.git`;
  return {
    caFile,
    behaviour,
    url,
    createRepo: (name) => createBareRepo(join(root, 'repos', `${name}.git`)),
    close: () => closeServer(server, state, root),
  };
}

/** A bare repository for file:// tests, which need no server. */
export function createFileRepo(): BareRepo & { url: string; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), 'relia-git-file-'));
  const repo = createBareRepo(join(root, 'repo.git'));
  return { ...repo, url: `file://${repo.path}`, remove: () => rmSync(root, { recursive: true, force: true }) };
}

function makeCertificate(root: string): { key: Buffer; cert: Buffer; caFile: string } {
  const keyFile = join(root, 'key.pem');
  const caFile = join(root, 'cert.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', caFile,
  ], { stdio: 'ignore' });
  return { key: readFileSync(keyFile), cert: readFileSync(caFile), caFile };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
  });
}

function track<T extends { once(event: 'close', fn: () => void): unknown }>(set: Set<T>, item: T): void {
  set.add(item);
  item.once('close', () => set.delete(item));
}

interface Handling {
  root: string;
  options: GitServerOptions;
  behaviour: GitServerBehaviour;
  state: { sockets: Set<Socket>; children: Set<ChildProcess> };
}

function handle(req: IncomingMessage, res: ServerResponse, h: Handling): void {
  if (h.behaviour.stall) return; // the socket stays open until the client gives up or close()
  const user = authenticate(req, h.options);
  if (user === false) {
    res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' }).end();
    return;
  }
  setTimeout(() => runBackend(req, res, user, h), h.behaviour.delayMs);
}

/** The user name, undefined without auth configured, false when refused. */
function authenticate(req: IncomingMessage, options: GitServerOptions): string | undefined | false {
  if (!options.auth) return undefined;
  const header = req.headers.authorization ?? '';
  const given = header.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64').toString() : '';
  return given === `${options.auth.user}:${options.auth.password}` ? options.auth.user : false;
}

function runBackend(req: IncomingMessage, res: ServerResponse, user: string | undefined, h: Handling): void {
  const child = spawn(BACKEND, [], { env: cgiEnv(req, user, h.root), stdio: ['pipe', 'pipe', 'ignore'] });
  track(h.state.children, child);
  req.pipe(child.stdin!);
  child.stdin!.on('error', () => undefined); // the backend may answer before reading the body
  readCgiResponse(child, res);
  res.once('close', () => child.kill('SIGKILL'));
}

function cgiEnv(req: IncomingMessage, user: string | undefined, root: string): Record<string, string> {
  const url = new URL(req.url ?? '/', 'https://127.0.0.1');
  const env: Record<string, string> = {
    ...GIT_ENV,
    GIT_PROJECT_ROOT: join(root, 'repos'),
    GIT_HTTP_EXPORT_ALL: '1',
    PATH_INFO: decodeURIComponent(url.pathname),
    QUERY_STRING: url.search.slice(1),
    REQUEST_METHOD: req.method ?? 'GET',
    CONTENT_TYPE: req.headers['content-type'] ?? '',
    REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
    GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
    HTTP_CONTENT_ENCODING: String(req.headers['content-encoding'] ?? ''),
  };
  if (user !== undefined) env.REMOTE_USER = user;
  return env;
}

/** CGI output is headers (a `Status:` among them), a blank line, then the body. */
function readCgiResponse(child: ChildProcess, res: ServerResponse): void {
  let head = Buffer.alloc(0);
  const onData = (chunk: Buffer): void => {
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    if (end === -1) return;
    child.stdout!.off('data', onData);
    writeCgiHead(res, head.subarray(0, end).toString());
    res.write(head.subarray(end + 4));
    child.stdout!.pipe(res);
  };
  child.stdout!.on('data', onData);
  child.once('close', () => (res.headersSent ? res.end() : res.writeHead(502).end()));
}

function writeCgiHead(res: ServerResponse, head: string): void {
  let status = 200;
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    const [name, value] = [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
    if (name.toLowerCase() === 'status') status = parseInt(value, 10);
    else res.setHeader(name, value);
  }
  res.writeHead(status);
}

async function closeServer(server: Server, state: Handling['state'], root: string): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  state.children.forEach((child) => child.kill('SIGKILL'));
  state.sockets.forEach((socket) => socket.destroy());
  await closed;
  rmSync(root, { recursive: true, force: true });
}

function createBareRepo(path: string): BareRepo {
  git(dirname(path), 'init', '-q', '--bare', '--initial-branch=main', path);
  const work = `${path}.work`; // beside the bare repository, so it goes when the server does
  mkdirSync(work);
  git(work, 'init', '-q', '--initial-branch=main');
  git(work, 'remote', 'add', 'origin', path);
  return {
    path,
    commit: (files, message, branch = 'main') => commitFiles(work, files, message, branch),
    tag: (name, ref = 'main', annotated = true) => tagRef(path, name, ref, annotated),
    head: (branch = 'main') => git(path, 'rev-parse', `refs/heads/${branch}`),
  };
}

function commitFiles(work: string, files: Record<string, RepoFile | null>, message: string, branch: string): string {
  checkoutBranch(work, branch);
  for (const [path, file] of Object.entries(files)) writeRepoFile(join(work, path), file);
  git(work, 'add', '-A');
  git(work, '-c', 'user.name=Relia Test', '-c', 'user.email=test@relia.invalid', 'commit', '-q', '--allow-empty', '-m', message);
  git(work, 'push', '-q', 'origin', `HEAD:refs/heads/${branch}`);
  return git(work, 'rev-parse', 'HEAD');
}

function checkoutBranch(work: string, branch: string): void {
  const hasCommits = git(work, 'rev-list', '-n1', '--all') !== '';
  if (hasCommits) git(work, 'checkout', '-q', '-B', branch);
}

function writeRepoFile(path: string, file: RepoFile | null): void {
  rmSync(path, { recursive: true, force: true });
  if (file === null) return;
  mkdirSync(dirname(path), { recursive: true });
  if (typeof file === 'object' && 'symlink' in file) return symlinkSync(file.symlink, path);
  writeFileSync(path, typeof file === 'string' ? file : file.content);
  if (typeof file === 'object' && file.executable) chmodSync(path, 0o755);
}

function tagRef(repo: string, name: string, ref: string, annotated: boolean): void {
  const args = annotated ? ['-a', '-m', `tag ${name}`] : [];
  git(repo, '-c', 'user.name=Relia Test', '-c', 'user.email=test@relia.invalid', 'tag', ...args, name, ref);
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8' }).trim();
}

/**
 * Live processes (not zombies) of process group `pgid`, or whose command line mentions `text`:
 * what a stopped fetch must not leave behind.
 */
export function livingProcesses(pgid: number, text: string): string[] {
  return readdirSync('/proc').filter((pid) => /^\d+$/.test(pid)).flatMap((pid) => {
    const stat = readProc(`/proc/${pid}/stat`);
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cmdline = readProc(`/proc/${pid}/cmdline`).replace(/\0/g, ' ');
    const alive = stat !== '' && !['Z', 'X'].includes(fields[0]);
    return alive && (fields[2] === String(pgid) || cmdline.includes(text)) ? [`${pid} ${cmdline}`] : [];
  });
}

function readProc(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return ''; // the process ended while we looked
  }
}
