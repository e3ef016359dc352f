import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '../support/database';
import { Replica, sleep, until } from '../support/replicas';

const PLAYBOOK = '- name: Site\n  hosts: all\n  tasks:\n    - name: Hello\n      ansible.builtin.debug:\n        msg: hi\n';

/**
 * RELIA_TASK_MAX_WORKERS=0: a replica that serves the API and runs no task, so that API and
 * worker replicas scale apart. Its submissions wake the worker replicas (NOTIFY), which run them.
 */
describe('an API-only replica', () => {
  let db: TestDatabase;
  let sql: Client;
  let api: Replica;
  let worker: Replica | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    // Polling a minute apart: a prompt pickup below can only come from the submission's NOTIFY.
    // A fixed prefetch too: even work claimed ahead would have no thread here, so none may be claimed.
    api = await new Replica('api', db.url, { RELIA_TASK_MAX_WORKERS: '0', RELIA_TASK_PREFETCH: '8', RELIA_TASK_POLL_INTERVAL_MS: '60000' })
      .ready(60_000);
  }, 90_000);

  afterAll(async () => {
    await Promise.all([api, worker].filter(Boolean).map((r) => r!.dispose()));
    await sql?.end();
    await db?.drop();
  });

  const status = async (id: string): Promise<string> =>
    (await sql.query(`SELECT status FROM tasks WHERE id = $1`, [id])).rows[0].status;

  it('takes tasks and runs none; a worker replica runs them when it comes', async () => {
    const token = await api.token('alice');
    const post = (path: string, body: unknown) => fetch(`${api.url}${path}`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const stored = await (await post('/playbooks', { name: 'site.yml', content: PLAYBOOK })).json() as { playbook_id: string };
    const accepted = await post('/async/lint', { playbook_id: stored.playbook_id });
    expect(accepted.status).toBe(202);
    const { task_id: id } = await accepted.json() as { task_id: string };

    await sleep(1500);
    expect(await status(id)).toBe('pending');

    worker = await new Replica('worker', db.url, { RELIA_TASK_MAX_WORKERS: '2', RELIA_TASK_POLL_INTERVAL_MS: '60000' }).ready(60_000);
    await until('the worker to run it', async () => (await status(id)) === 'completed', 15_000, 50);
    const second = await post('/async/lint', { playbook_id: stored.playbook_id });
    const { task_id: next } = await second.json() as { task_id: string };
    const submitted = Date.now();
    await until('the worker to run the next one', async () => (await status(next)) === 'completed', 5_000, 20);
    expect(Date.now() - submitted).toBeLessThan(5_000);
  }, 90_000);
});
