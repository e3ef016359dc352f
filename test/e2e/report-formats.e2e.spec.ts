import request from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { storePlaybook } from '../support/playbooks';
import { codeClimateShapeErrors, parseJunit, sarifSchemaErrors } from '../support/report-checks';

const FLAWED = '- hosts: all\n  tasks:\n    - shell: echo hi\n';

describe('GET /tasks/{id}/result?format= gives ansible-lint’s report formats', () => {
  let t: TestApp;
  let alice: string;
  let taskId: string;

  beforeAll(async () => {
    t = await startTestApp();
    alice = await t.token('alice');
    const id = await storePlaybook(t, alice, FLAWED, 'site.yml');
    const res = await request(t.url).post('/lint').auth(alice, { type: 'bearer' }).send({ playbook_id: id }).expect(200);
    taskId = res.body.task_id;
    expect(res.body.result.findings.length).toBeGreaterThan(0);
  });
  afterAll(() => t.close());

  const get = (format: string) => request(t.url).get(`/tasks/${taskId}/result?format=${format}`).auth(alice, { type: 'bearer' });

  it('sarif validates against the SARIF 2.1.0 schema', async () => {
    const res = await get('sarif').expect(200).expect('content-type', /application\/sarif\+json/);
    const log = JSON.parse(res.text);
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(log.runs[0].results.length).toBeGreaterThan(0);
  });

  it('codeclimate, pep8 and junit have their shapes', async () => {
    expect(codeClimateShapeErrors(JSON.parse((await get('codeclimate').expect(200)).text))).toEqual([]);
    expect((await get('pep8').expect(200).expect('content-type', /text\/plain/)).text).toMatch(/^playbook\.yml:\d+(:\d+)?: [a-z-]+(\[[a-z-]+\])?: .+$/m);
    expect(parseJunit((await get('junit').expect(200).expect('content-type', /xml/)).text).failures).toBeGreaterThan(0);
  });

  it('json (and no format) is Relia’s own result', async () => {
    const plain = await request(t.url).get(`/tasks/${taskId}/result`).auth(alice, { type: 'bearer' }).expect(200);
    expect((await get('json').expect(200)).body).toEqual(plain.body);
  });

  it('a wrong format name is a 400 that lists the formats that exist', async () => {
    const res = await get('xml').expect(400).expect('content-type', /problem\+json/);
    expect(JSON.stringify(res.body)).toContain('json, pep8, codeclimate, sarif, junit');
  });
});
