import request from 'supertest';
import { startTestApp, TestApp } from '../support/app';

describe('API documentation and probes', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('serves the OpenAPI document with every endpoint, its schemas and the bearer scheme, without a token', async () => {
    const { body } = await request(t.url).get('/docs-json').expect(200);
    for (const path of ['/tasks', '/tasks/{task_id}', '/tasks/{task_id}/result', '/tasks/{task_id}/cancel', '/async/lint',
      '/async/test', '/lint', '/test', '/playbooks', '/playbooks/{playbook_id}', '/health/ready', '/projects', '/projects/{project_id}',
      '/projects/{project_id}/revisions', '/projects/{project_id}/revisions/{revision_id}/files', '/projects/{project_id}/sync', '/auth/config']) {
      expect(Object.keys(body.paths)).toContain(path);
    }
    expect(body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(Object.keys(body.components.schemas.TaskView.properties)).toEqual(
      expect.arrayContaining(['task_id', 'type', 'status', 'user_id', 'progress', 'details', 'created_at', 'error']));
    // A run names a stored playbook or a project (with an optional revision).
    expect(Object.keys(body.components.schemas.LintRequest.properties)).toEqual(expect.arrayContaining(['playbook_id', 'project_id', 'revision_id']));
    expect(Object.keys(body.components.schemas.TestRequest.properties)).toContain('playbook');
    expect(body.paths['/async/lint'].post.responses['404'].content['application/problem+json']).toBeDefined();
    const ui = await request(t.url).get('/docs').redirects(1).expect(200);
    expect(ui.text).toContain('swagger-ui');
  });

  it('answers the probes without a token', async () => {
    expect((await request(t.url).get('/health/live').expect(200)).body.status).toBe('ok');
    const ready = await request(t.url).get('/health/ready').expect(200);
    expect(ready.body.info).toMatchObject({ database: { status: 'up' }, notifications: { status: 'up' } });
  });
});
