import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { compareProject, corpusProjectsDir, hasProjectCorpus, readProjectTruth } from '../../bench/project-lint-agreement';
import { findExecutable } from '../../src/playbooks/runner/sandbox';
import { startTestApp, TestApp } from '../support/app';
import { uploadProject } from '../support/projects';

const MIN_F1 = 0.95;
/** ansible-lint itself, on the same stored revisions: a role repository and a playbook project. */
const BOTH_ENGINES = ['ansible-fail2ban', 'ansible-kafka-cluster'];

/** The corpus projects uploaded through the API, as a user would, and linted whole. */
describe('project lint through the API (corpus projects)', () => {
  if (!hasProjectCorpus() || !findExecutable('ansible-lint')) {
    it('needs the project corpus and ansible-lint', () => {
      const missing = `project corpus at ${corpusProjectsDir()} or ansible-lint (apt-get install ansible-lint)`;
      if (process.env.CI === 'true') throw new Error(`missing: ${missing}`);
      console.warn(`SKIPPED: missing ${missing}`);
      expect(process.env.CI).not.toBe('true');
    });
    return;
  }

  let t: TestApp;
  let alice: string;
  const projects = new Map<string, string>();

  beforeAll(async () => {
    t = await startTestApp({ RELIA_SYNC_WAIT_SECONDS: '120' });
    alice = await t.token('alice');
    for (const truth of readProjectTruth()) {
      const archive = execFileSync('tar', ['czf', '-', '-C', corpusProjectsDir(), truth.project], { maxBuffer: 64 << 20 });
      projects.set(truth.project, (await uploadProject(t, alice, archive, truth.project).expect(201)).body.project_id);
    }
  }, 120_000);
  afterAll(() => t?.close());

  const lint = async (project: string, engine = 'builtin') =>
    (await request(t.url).post('/lint').auth(alice, { type: 'bearer' }).send({ project_id: projects.get(project), engine }).expect(200)).body;

  it(`agrees with ansible-lint 6.13 on every project (F1 ≥ ${MIN_F1}, same verdicts)`, async () => {
    let tp = 0, fp = 0, fn = 0;
    for (const truth of readProjectTruth()) {
      const { status, result } = await lint(truth.project);
      expect(status).toBe('completed');
      const agreement = compareProject(truth, result);
      expect({ project: truth.project, verdict: agreement.relia }).toEqual({ project: truth.project, verdict: agreement.ansibleLint });
      tp += agreement.score.tp;
      fp += agreement.score.fp;
      fn += agreement.score.fn;
    }
    const f1 = (2 * tp) / (2 * tp + fp + fn);
    expect(f1).toBeGreaterThanOrEqual(MIN_F1);
  }, 120_000);

  it.each(BOTH_ENGINES)('gives the same findings as ansible-lint itself run on the stored revision of %s', async (project) => {
    const [builtin, real] = [await lint(project), await lint(project, 'ansible-lint')];
    expect(real.status).toBe('completed');
    expect(real.result.engine).toBe('ansible-lint');
    const key = (f: { rule: string; path: string; line: number }) => `${f.rule} ${f.path}:${f.line}`;
    const expected = real.result.findings.map(key).sort();
    expect(expected.length).toBeGreaterThan(0);
    const found = new Set(builtin.result.findings.map(key));
    const matched = expected.filter((k: string) => found.has(k)).length;
    expect(matched / expected.length).toBeGreaterThanOrEqual(0.9);
    expect(builtin.result.passed).toBe(real.result.passed);
    const counted = real.result.files.reduce((n: number, f: { errors: number; warnings: number }) => n + f.errors + f.warnings, 0);
    expect(counted).toBe(real.result.findings.length);
  }, 120_000);

  it('re-lints a revision that changed one file from the cache, and says which files came from it', async () => {
    const project = 'kubeadm-ansible';
    const first = await lint(project);
    const copy = mkdtempSync(join(tmpdir(), 'relia-relint-'));
    try {
      cpSync(join(corpusProjectsDir(), project), join(copy, project), { recursive: true, verbatimSymlinks: true });
      const changed = join(copy, project, 'roles/commons/os-checker/tasks/main.yml');
      appendFileSync(changed, '\n- name: one more task\n  shell: echo changed\n');
      const archive = execFileSync('tar', ['czf', '-', '-C', copy, project], { maxBuffer: 64 << 20 });
      await request(t.url).post(`/projects/${projects.get(project)}/revisions`).auth(alice, { type: 'bearer' })
        .set('Content-Type', 'application/gzip').send(archive).expect(201);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
    const second = await lint(project);
    const fresh = second.result.files.filter((f: { cached: boolean }) => !f.cached).map((f: { path: string }) => f.path);
    expect(fresh).toEqual(['roles/commons/os-checker/tasks/main.yml']);
    expect(second.result.cache).toEqual({ hits: second.result.files.length - 1, misses: 1 });
    const elsewhere = (r: { findings: { path: string }[] }) => r.findings.filter((f) => !fresh.includes(f.path));
    expect(elsewhere(second.result)).toEqual(elsewhere(first.result));
    expect(second.result.findings.length).toBeGreaterThan(first.result.findings.length);
  }, 60_000);
});
