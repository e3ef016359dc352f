import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { TestApp } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/database';
import { expectProblem } from '../support/expect-problem';
import { Replica } from '../support/replicas';
import { BareRepo, GitServer, livingProcesses, startGitServer } from '../support/git-server';
import { waitForTask } from '../support/wait';

const SECRET = 'pa55-word-that-must-never-show';

/**
 * Projects from git: a real HTTPS git server on loopback, with basic auth from a credentials
 * file, and the built service as a process of its own, so that its whole log can be read.
 */
describe('projects from a git source', () => {
  let git: GitServer;
  let repo: BareRepo;
  let db: TestDatabase;
  let replica: Replica;
  let t: Pick<TestApp, 'url'>;
  let alice: string;
  const secrets = mkdtempSync(join(tmpdir(), 'relia-git-secrets-'));

  beforeAll(async () => {
    git = await startGitServer({ auth: { user: 'ci', password: SECRET } });
    repo = git.createRepo('infra');
    repo.commit({ 'site.yml': '- hosts: all\n  roles: [web]\n', 'roles/web/tasks/main.yml': '- ansible.builtin.debug: msg=hi\n' }, 'First version');
    const host = new URL(git.url('infra')).host;
    writeFileSync(join(secrets, 'credentials'), `https://ci:${SECRET}@${host}\n`, { mode: 0o600 });
    db = await createTestDatabase();
    replica = await new Replica('git', db.url, { RELIA_GIT_CA_FILE: git.caFile, RELIA_GIT_CREDENTIALS_FILE: join(secrets, 'credentials'),
      RELIA_GIT_ALLOWED_HOSTS: '127.0.0.1', RELIA_GIT_TIMEOUT_SECONDS: '3', RELIA_LOG_LEVEL: 'verbose' }).ready();
    t = { url: replica.url };
    alice = await replica.token('alice');
  });
  afterAll(async () => {
    await replica?.dispose();
    await db?.drop();
    await git?.close();
    rmSync(secrets, { recursive: true, force: true });
  });

  const post = (path: string, body?: object) => request(t.url).post(path).auth(alice, { type: 'bearer' }).send(body);
  const get = (path: string) => request(t.url).get(path).auth(alice, { type: 'bearer' });
  const finished = (taskId: string) => waitForTask(t as TestApp, alice, taskId, undefined, 30_000);
  const result = async (taskId: string) => (await get(`/tasks/${taskId}/result`).expect(200)).body;

  let projectId: string;

  it('syncs at a branch, then makes a revision for a new commit and none when nothing changed', async () => {
    const created = await post('/projects', { name: 'infra', git: { url: git.url('infra'), ref: 'main' } }).expect(202);
    projectId = created.body.project_id;
    expect((await finished(created.body.task_id)).status).toBe('completed');
    const first = (await result(created.body.task_id)).result;
    expect(first).toMatchObject({ changed: true, commit: repo.head(), subject: 'First version', playbooks: ['site.yml'] });

    repo.commit({ 'roles/web/tasks/main.yml': '- ansible.builtin.debug: msg=changed\n' }, 'Second version');
    const second = await post(`/projects/${projectId}/sync`).expect(202);
    await finished(second.body.task_id);
    const next = (await result(second.body.task_id)).result;
    expect(next).toMatchObject({ changed: true, commit: repo.head(), subject: 'Second version' });
    expect(next.revision_id).not.toBe(first.revision_id);

    const third = await post(`/projects/${projectId}/sync`).expect(202);
    await finished(third.body.task_id);
    expect((await result(third.body.task_id)).result).toMatchObject({ changed: false, revision_id: next.revision_id });
    const revisions = (await get(`/projects/${projectId}/revisions`).expect(200)).body.items;
    expect(revisions.map((r: { commit: string }) => r.commit)).toEqual([next.commit, first.commit]);
    const file = await get(`/projects/${projectId}/revisions/head/files/roles/web/tasks/main.yml`).buffer(true).expect(200);
    expect(file.body.toString()).toContain('changed');
  });

  it('fails the sync of a ref that does not exist, naming it', async () => {
    const created = await post('/projects', { name: 'nope', git: { url: git.url('infra'), ref: 'no-such-branch' } }).expect(202);
    const task = await finished(created.body.task_id);
    expect(task).toMatchObject({ status: 'failed', error: { code: 'git_ref_not_found' } });
  });

  it('refuses URLs the configuration does not allow, before any task', async () => {
    for (const url of ['http://127.0.0.1/infra.git', 'ext::sh -c touch% /tmp/pwned', 'file:///etc', 'https://example.com/x.git',
      `https://ci:${SECRET}@127.0.0.1/infra.git`]) {
      const res = await post('/projects', { name: 'refused', git: { url } });
      expectProblem(res, 400, 'git_url_refused');
      expect(JSON.stringify(res.body)).not.toContain(SECRET);
    }
    expect((await get('/projects').expect(200)).body.items.map((p: { name: string }) => p.name)).not.toContain('refused');
  });

  it('times a stalled clone out', async () => {
    git.behaviour.stall = true;
    try {
      const sync = await post(`/projects/${projectId}/sync`).expect(202);
      expect(await finished(sync.body.task_id)).toMatchObject({ status: 'failed', error: { code: 'git_timeout' } });
    } finally {
      git.behaviour.stall = false;
    }
  });

  it('stops a running sync when it is canceled, leaving no git process behind', async () => {
    git.behaviour.stall = true;
    try {
      const sync = await post(`/projects/${projectId}/sync`).expect(202);
      await waitForTask(t as TestApp, alice, sync.body.task_id, (task) => task.status === 'running');
      await new Promise((r) => setTimeout(r, 300)); // git is fetching by now
      await post(`/tasks/${sync.body.task_id}/cancel`).expect(202);
      expect((await finished(sync.body.task_id)).status).toBe('canceled');
      expect(livingProcesses(-1, git.url('infra'))).toEqual([]);
    } finally {
      git.behaviour.stall = false;
    }
  });

  it('shows the secret nowhere: not in tasks, results, errors, projects or logs', async () => {
    const tasks = (await get('/tasks?limit=100').expect(200)).body.items;
    const everything = [JSON.stringify(tasks), JSON.stringify((await get('/projects').expect(200)).body), replica.output];
    for (const task of tasks) everything.push(JSON.stringify((await get(`/tasks/${task.task_id}/result`)).body));
    expect(tasks.length).toBeGreaterThanOrEqual(4);
    // The log is there to be searched: it holds the syncs' requests.
    expect(replica.output).toContain('/sync');
    for (const text of everything) expect(text).not.toContain(SECRET);
  });
});
