import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import { loadConfig } from '../../src/config/config';
import { startTestApp, TestApp } from '../support/app';

/**
 * No cluster and no Docker engine here: these checks read the manifests and the Dockerfile the
 * way kubectl and Docker would, and hold them to what the service really has (routes, variables,
 * entry points, grace periods).
 */
const ROOT = join(__dirname, '../..');
const DIR = join(ROOT, 'deploy/kubernetes');
type Doc = Record<string, any>;

const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml'));
const docs: Array<{ file: string; doc: Doc }> = files.flatMap((file) =>
  parseAllDocuments(readFileSync(join(DIR, file), 'utf8')).map((d) => {
    if (d.errors.length > 0) throw new Error(`${file}: ${d.errors.map((e) => e.message).join('; ')}`);
    return { file, doc: d.toJS() as Doc };
  }),
);
const byKind = (kind: string): Doc => {
  const found = docs.filter((d) => d.doc.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}`);
  return found[0].doc;
};
const deployment = byKind('Deployment');
const configMap = byKind('ConfigMap');
const secret = byKind('Secret');
const job = byKind('Job');
const pod = deployment.spec.template.spec;
const container = pod.containers[0];

/** Every environment variable loadConfig reads, found by watching it read. */
function knownVariables(): Set<string> {
  const read = new Set<string>();
  const env = new Proxy({} as Record<string, string | undefined>, { get: (_, name) => (read.add(String(name)), undefined) });
  loadConfig(env);
  // Read only when an issuer is set, or by other parts than loadConfig.
  return new Set([...read, 'RELIA_OIDC_AUDIENCE']);
}

/** Environment names one container sets: its env list and the ConfigMaps and Secrets it loads. */
function envNames(c: Doc): string[] {
  const fromRefs = (c.envFrom ?? []).flatMap((ref: Doc) => {
    if (ref.configMapRef) return Object.keys(configMap.data);
    if (ref.secretRef) return Object.keys(secret.stringData);
    return [];
  });
  return [...(c.env ?? []).map((e: Doc) => e.name), ...fromRefs];
}

describe('deploy/kubernetes', () => {
  it('is valid YAML with apiVersion, kind and a name in every document, and kustomization lists them all', () => {
    expect(docs.length).toBeGreaterThanOrEqual(8);
    for (const { file, doc } of docs) {
      expect([file, typeof doc.apiVersion, typeof doc.kind]).toEqual([file, 'string', 'string']);
      if (doc.kind !== 'Kustomization') expect([file, typeof doc.metadata?.name]).toEqual([file, 'string']);
    }
    const kustomization = byKind('Kustomization');
    expect(kustomization.resources.sort()).toEqual(files.filter((f) => !/^(kustomization|secret\.template)\.yaml$/.test(f)).sort());
  });

  it('runs 3 replicas, with requests and limits, as a non-root user', () => {
    expect(deployment.spec.replicas).toBe(3);
    for (const c of [container, job.spec.template.spec.containers[0]]) {
      expect(c.resources.requests).toEqual({ cpu: expect.anything(), memory: expect.anything() });
      expect(c.resources.limits).toEqual({ cpu: expect.anything(), memory: expect.anything() });
    }
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001 });
  });

  it('sets only environment variables the service knows, and a configuration that loads', () => {
    const known = knownVariables();
    for (const c of [container, job.spec.template.spec.containers[0]]) {
      const unknown = envNames(c).filter((n) => !known.has(n));
      expect(unknown).toEqual([]);
    }
    const config = loadConfig({ ...configMap.data, ...secret.stringData });
    expect(config.nodeEnv).toBe('production');
    expect(config.databaseUrl).toMatch(/^postgres:/);
  });

  it('gives the pod more time to stop than the service gives its running tasks', () => {
    const config = loadConfig({ ...configMap.data, ...secret.stringData });
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(config.shutdownGraceSeconds + 5);
  });

  it('names each replica after its pod (the lease owner), and reads DATABASE_URL from the Secret', () => {
    const env = Object.fromEntries(container.env.map((e: Doc) => [e.name, e]));
    expect(env.RELIA_REPLICA_ID.valueFrom).toEqual({ fieldRef: { fieldPath: 'metadata.name' } });
    expect(env.DATABASE_URL.valueFrom.secretKeyRef).toEqual({ name: secret.metadata.name, key: 'DATABASE_URL' });
    expect(container.envFrom).toEqual([{ configMapRef: { name: configMap.metadata.name } }]);
  });

  it('ties Service, PodDisruptionBudget and autoscaler to the Deployment', () => {
    const labels = deployment.spec.template.metadata.labels;
    expect(deployment.spec.selector.matchLabels).toEqual(labels);
    expect(byKind('Service').spec.selector).toEqual(labels);
    expect(byKind('Service').spec.ports[0].targetPort).toBe(container.ports[0].name);
    expect(byKind('PodDisruptionBudget').spec.selector.matchLabels).toEqual(labels);
    expect(byKind('PodDisruptionBudget').spec.minAvailable).toBeLessThan(deployment.spec.replicas);
    const hpa = byKind('HorizontalPodAutoscaler');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name });
    expect(hpa.spec.minReplicas).toBe(deployment.spec.replicas);
  });

  it('runs the migration Job and the pods on entry points the build produces', () => {
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    const [node, entry] = job.spec.template.spec.containers[0].command;
    expect(node).toBe('node');
    expect(entry).toBe('dist/src/database/migrate.main.js');
    expect(existsSync(join(ROOT, 'src/database/migrate.main.ts'))).toBe(true);
    const build = JSON.parse(readFileSync(join(ROOT, 'tsconfig.build.json'), 'utf8')) as { include: string[] };
    expect(build.include).toContain('src/**/*');
    expect(job.spec.template.spec.containers[0].image).toBe(container.image);
  });

  describe('probes', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    }, 30_000);
    afterAll(() => t?.close());

    it('point at routes that exist and answer 200 on a healthy replica', async () => {
      const probes = ['startupProbe', 'readinessProbe', 'livenessProbe'].map((p) => container[p]);
      expect(probes.every((p) => p?.httpGet?.port === 'http')).toBe(true);
      expect(probes.map((p) => p.httpGet.path)).toEqual(['/health/ready', '/health/ready', '/health/live']);
      for (const p of probes) await request(t.url).get(p.httpGet.path).expect(200);
    });
  });
});

describe('Dockerfile', () => {
  const text = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  const lines = text.split('\n').filter((l) => !l.trim().startsWith('#'));
  const stages = text.split(/^FROM /m).slice(1);
  const final = stages[stages.length - 1];

  it('builds in stages and installs production dependencies only, without the embedded database', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(lines.join('\n')).toMatch(/npm ci --omit=dev --omit=optional/);
    expect(final).toMatch(/COPY --from=\w+ .*\/app\/node_modules/);
    expect(final).not.toMatch(/npm ci(?! --omit=dev --omit=optional)/);
  });

  it('has ansible-core and bubblewrap, runs as a non-root user, and starts the built service', () => {
    expect(final).toMatch(/apt-get install[^\n]*ansible-core[^\n]*bubblewrap/);
    const user = /^USER (\S+)/m.exec(final)?.[1];
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    expect(final).toMatch(/CMD \["node", "dist\/src\/main\.js"\]/);
  });

  it('keeps dependencies, builds and secrets out of the build context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    for (const entry of ['node_modules', 'dist', '.relia', '.env', '.git']) expect(ignored).toContain(entry);
  });
});
