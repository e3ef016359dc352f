import request from 'supertest';
import { describeWithAnsible } from '../support/ansible';
import { startTestApp, TestApp } from '../support/app';
import { expectProblem } from '../support/expect-problem';
import { storePlaybook } from '../support/playbooks';
import { waitForTask } from '../support/wait';
import { ROLE_PROJECT, tarGz, uploadProject, zip } from '../support/projects';

/** Projects over HTTP: upload, browse, new revisions, and lint/test of the whole tree. */
describeWithAnsible('projects', () => {
  let t: TestApp;
  let alice: string;
  let bob: string;
  let project: { project_id: string; revision_id: string };

  beforeAll(async () => {
    t = await startTestApp();
    [alice, bob] = await Promise.all([t.token('alice'), t.token('bob')]);
    const res = await uploadProject(t, alice, tarGz(ROLE_PROJECT)).expect(201);
    project = res.body;
  });
  afterAll(() => t.close());

  const get = (path: string, token = alice) => request(t.url).get(path).auth(token, { type: 'bearer' });
  const post = (path: string, body: object, token = alice) => request(t.url).post(path).auth(token, { type: 'bearer' }).send(body);
  const blobs = async () => Number((await t.db.query('SELECT count(*) AS n FROM project_blobs'))[0].n);

  it('stores an uploaded tar.gz as a revision, its top folder stripped, and finds its playbooks', async () => {
    const res = await get(`/projects/${project.project_id}`).expect(200);
    expect(res.body).toMatchObject({ name: 'demo', user_id: 'alice', head_revision_id: project.revision_id, git: null });
    const files = await get(`/projects/${project.project_id}/revisions/${project.revision_id}/files`).expect(200);
    expect(files.body.items.map((f: { path: string }) => f.path)).toEqual(Object.keys(ROLE_PROJECT).sort());
    const revision = await get(`/projects/${project.project_id}/revisions/head`).expect(200);
    expect(revision.body).toMatchObject({ source: 'archive', files: 6, playbooks: ['site.yml'] });
    expect(revision.body.archive_sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads one file back byte for byte', async () => {
    const res = await get(`/projects/${project.project_id}/revisions/head/files/roles/web/tasks/extra.yml`).buffer(true).expect(200);
    expect(res.body.toString()).toBe(ROLE_PROJECT['roles/web/tasks/extra.yml']);
    expect(res.headers.etag).toMatch(/^"[0-9a-f]{64}"$/);
    await get(`/projects/${project.project_id}/revisions/head/files/roles/nope.yml`).expect(404);
  });

  it('makes a new revision from a new upload, storing only the bytes that changed', async () => {
    const before = await blobs();
    const changed = { ...ROLE_PROJECT, 'group_vars/all.yml': 'site_name: changed\n' };
    const res = await request(t.url).post(`/projects/${project.project_id}/revisions`).auth(alice, { type: 'bearer' })
      .set('Content-Type', 'application/zip').send(zip(changed)).expect(201);
    expect(res.body.revision_id).not.toBe(project.revision_id);
    expect(await blobs()).toBe(before + 1);
    const list = await get(`/projects/${project.project_id}/revisions`).expect(200);
    expect(list.body.items.map((r: { revision_id: string }) => r.revision_id)).toEqual([res.body.revision_id, project.revision_id]);
  });

  it('lints the whole project: findings carry their path, and the result counts per file', async () => {
    const res = await post('/lint', { project_id: project.project_id, revision_id: project.revision_id }).expect(200);
    const result = res.body.result;
    expect(res.body.status).toBe('completed');
    expect(result.files.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(['site.yml', 'roles/web/tasks/main.yml']));
    expect(result.files.find((f: { path: string }) => f.path === 'site.yml').kind).toBe('playbook');
    for (const f of result.findings) expect(Object.keys(ROLE_PROJECT)).toContain(f.path);
    expect(result.findings.some((f: { rule: string }) => f.rule.startsWith('syntax-check'))).toBe(false);
  });

  it('tests a playbook of the project with its role and included tasks, which fails alone', async () => {
    const res = await post('/test', { project_id: project.project_id, playbook: 'site.yml' }).expect(200);
    expect(res.body.status).toBe('completed');
    expect(res.body.result).toMatchObject({ passed: true, syntax_ok: true });
    expect(res.body.result.tasks.map((task: { name: string }) => task.name)).toEqual(
      expect.arrayContaining(['web : Greet', 'web : Second greeting']));
    const alone = await storePlaybook(t, alice, ROLE_PROJECT['site.yml'] as string, 'site.yml');
    const single = await post('/test', { playbook_id: alone }).expect(200);
    expect(single.body.result).toMatchObject({ passed: false, syntax_ok: false });
    expect(single.body.result.syntax_error.message).toMatch(/role 'web' was not found/);
  });

  it('lists what requirements.yml names that the offline run did not have', async () => {
    const files = { ...ROLE_PROJECT, 'requirements.yml': 'roles:\n  - name: web\n  - name: acme.missing_role\ncollections:\n  - name: acme.missing\n' };
    const uploaded = await uploadProject(t, alice, tarGz(files), 'reqs').expect(201);
    const res = await post('/test', { project_id: uploaded.body.project_id, playbook: 'site.yml' }).expect(200);
    expect(res.body.result).toMatchObject({ passed: true, requirements: { missing_roles: ['acme.missing_role'], missing_collections: ['acme.missing'] } });
  });

  it('cancels a project test run for real', async () => {
    const files = { 'slow.yml': '- hosts: all\n  gather_facts: false\n  roles: [slow]\n',
      'roles/slow/tasks/main.yml': '- name: Wait\n  ansible.builtin.command: sleep 60\n  changed_when: false\n' };
    const uploaded = await uploadProject(t, alice, tarGz(files), 'slow').expect(201);
    const { body } = await post('/async/test', { project_id: uploaded.body.project_id, playbook: 'slow.yml', check_mode: false }).expect(202);
    expect(body).toMatchObject({ project_id: uploaded.body.project_id, revision_id: uploaded.body.revision_id });
    await waitForTask(t, alice, body.task_id, (task) => (task.details as { task?: string }).task === 'slow : Wait', 30_000);
    await post(`/tasks/${body.task_id}/cancel`, {}).expect(202);
    expect((await waitForTask(t, alice, body.task_id)).status).toBe('canceled');
  });

  it('refuses a playbook that is not one of the revision’s, naming those that are', async () => {
    const res = await post('/async/test', { project_id: project.project_id, playbook: 'roles/web/tasks/main.yml' });
    expectProblem(res, 400, 'playbook_not_in_revision');
    expect(res.body.detail).toContain('site.yml');
    expect(res.body.playbooks).toEqual(['site.yml']);
    expectProblem(await post('/async/lint', { project_id: project.project_id, playbook_id: project.project_id }), 400, 'validation_failed');
  });

  it('shows another user none of it: project, revisions, files, runs and tasks all answer 404', async () => {
    const { body } = await post('/async/lint', { project_id: project.project_id }).expect(202);
    for (const path of [`/projects/${project.project_id}`, `/projects/${project.project_id}/revisions`,
      `/projects/${project.project_id}/revisions/head/files`, `/projects/${project.project_id}/revisions/head/files/site.yml`,
      `/tasks/${body.task_id}`]) {
      expectProblem(await get(path, bob), 404, 'not_found');
    }
    expectProblem(await post('/async/lint', { project_id: project.project_id }, bob), 404, 'not_found');
    expectProblem(await request(t.url).delete(`/projects/${project.project_id}`).auth(bob, { type: 'bearer' }), 404, 'not_found');
    const upload = await request(t.url).post(`/projects/${project.project_id}/revisions`).auth(bob, { type: 'bearer' })
      .set('Content-Type', 'application/gzip').send(tarGz(ROLE_PROJECT));
    expectProblem(upload, 404, 'not_found');
    expectProblem(await post(`/projects/${project.project_id}/sync`, {}, bob), 404, 'not_found');
    expect((await get('/projects', bob).expect(200)).body.items).toEqual([]);
    const admin = await t.token('root', { admin: true });
    expect((await get('/projects', admin).expect(200)).body.items.map((p: { project_id: string }) => p.project_id)).toContain(project.project_id);
  });

  it('deletes a project with its revisions', async () => {
    const res = await uploadProject(t, alice, tarGz({ 'site.yml': '- hosts: all\n  tasks: []\n' }), 'gone').expect(201);
    await request(t.url).delete(`/projects/${res.body.project_id}`).auth(alice, { type: 'bearer' }).expect(204);
    await get(`/projects/${res.body.project_id}`).expect(404);
    expect((await t.db.query('SELECT count(*) AS n FROM project_revisions WHERE id = $1', [res.body.revision_id]))[0].n).toBe('0');
  });
});
