import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Client } from 'pg';
import { uuidv7 } from '../../src/common/uuid';
import { inTransaction } from '../../src/database/transaction';
import type { TreeEntry } from '../../src/projects/intake/tree-entry';
import { blobChunks, materializeRevision, revisionFiles } from '../../src/projects/store/revision-reader';
import { holdBlobs, insertRevision } from '../../src/projects/store/revision-writer';
import { collectTree } from '../../src/projects/store/tree-collector';
import { createTestDatabase, TestDatabase } from '../support/database';

type Spec = { path: string; data?: Buffer | string; mode?: number; link?: string; hardlink?: string };

async function* tree(specs: Spec[]): AsyncGenerator<TreeEntry> {
  for (const s of specs) {
    if (s.link !== undefined) yield { kind: 'symlink', path: s.path, mode: 0o777, target: s.link, resolved: s.link };
    else if (s.hardlink !== undefined) yield { kind: 'hardlink', path: s.path, mode: 0o644, target: s.hardlink };
    // Several chunks, so a file is never seen whole by the writer.
    else yield { kind: 'file', path: s.path, mode: s.mode ?? 0o644, content: Readable.from(split(Buffer.from(s.data ?? ''), 300_000)) };
  }
}

function split(data: Buffer, size: number): Buffer[] {
  const parts: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) parts.push(data.subarray(i, i + size));
  return parts;
}

const sha = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** The revision writer on a real PostgreSQL: content addressing, chunks, atomicity. */
describe('project revision store', () => {
  let db: TestDatabase;
  let client: Client;
  const projectId = uuidv7();

  beforeAll(async () => {
    db = await createTestDatabase();
    client = new Client({ connectionString: db.url });
    await client.connect();
    await client.query(`INSERT INTO projects (id, user_id, name) VALUES ($1, 'alice', 'demo')`, [projectId]);
  });
  afterAll(async () => {
    await client.end();
    await db.drop();
  });

  const store = (specs: Spec[]) => inTransaction(client, async (tx) => {
    await holdBlobs(tx);
    return insertRevision(tx, projectId, { source: 'archive', archiveSha256: 'x' }, await collectTree(tx, tree(specs)));
  });
  const count = async (table: string) => Number((await client.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);

  it('stores each distinct content once, and a changed file adds exactly one blob', async () => {
    const files: Spec[] = Array.from({ length: 500 }, (_, i) => ({ path: `roles/r${i % 7}/tasks/f${i}.yml`, data: `- debug: msg=${i}\n` }));
    const first = await store([...files, { path: 'site.yml', data: '- hosts: all\n  roles: [r1]\n' }, { path: 'copy.yml', data: '- debug: msg=1\n' }]);
    expect(first.files).toBe(502);
    expect(first.playbooks).toEqual(['site.yml']);
    const blobs = await count('project_blobs');
    expect(blobs).toBe(501); // copy.yml holds the same bytes as f1.yml
    files[42] = { ...files[42], data: 'changed\n' };
    const second = await store([...files, { path: 'site.yml', data: '- hosts: all\n  roles: [r1]\n' }]);
    expect(second.revisionId).not.toBe(first.revisionId);
    expect(await count('project_blobs')).toBe(blobs + 1);
  });

  it('keeps a large file in 1 MiB chunks and gives back exactly its bytes, modes and links', async () => {
    const big = randomBytes(3 * 1024 * 1024 + 17);
    const stored = await store([{ path: 'files/big.bin', data: big }, { path: 'bin/run.sh', data: '#!/bin/sh\n', mode: 0o755 },
      { path: 'vars/RedHat_8.yml', data: 'a: 1\n' }, { path: 'vars/CentOS_8.yml', link: 'RedHat_8.yml' }, { path: 'vars/hard.yml', hardlink: 'vars/RedHat_8.yml' }]);
    const list = await revisionFiles(client, stored.revisionId);
    expect(list.find((f) => f.path === 'files/big.bin')).toMatchObject({ size: big.length, sha256: sha(big) });
    const chunks: Buffer[] = [];
    for await (const c of blobChunks(client, sha(big))) chunks.push(c);
    expect(chunks.map((c) => c.length)).toEqual([1048576, 1048576, 1048576, 17]);
    expect(Buffer.concat(chunks).equals(big)).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'relia-store-'));
    try {
      await materializeRevision(client, stored.revisionId, dir);
      expect(readFileSync(join(dir, 'files/big.bin')).equals(big)).toBe(true);
      expect(statSync(join(dir, 'bin/run.sh')).mode & 0o777).toBe(0o755);
      expect(readlinkSync(join(dir, 'vars/CentOS_8.yml'))).toBe('RedHat_8.yml');
      expect(readFileSync(join(dir, 'vars/hard.yml'), 'utf8')).toBe('a: 1\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each<[string, Spec[], string]>([
    ['a file stored through a symlink', [{ path: 'l', link: 'sub' }, { path: 'l/x.yml', data: 'x' }], 'link_outside_tree'],
    ['a link where a folder is', [{ path: 'd/x.yml', data: 'x' }, { path: 'd', link: 'e' }], 'duplicate_entry'],
    ['a hard link to nothing earlier', [{ path: 'h', hardlink: 'missing.yml' }], 'link_outside_tree'],
  ])('refuses %s and keeps nothing of it', async (_name, specs, code) => {
    const before = { revisions: await count('project_revisions'), blobs: await count('project_blobs'), files: await count('project_files') };
    await expect(store([{ path: 'fresh.yml', data: randomBytes(64) }, ...specs])).rejects.toMatchObject({ code });
    expect({ revisions: await count('project_revisions'), blobs: await count('project_blobs'), files: await count('project_files') }).toEqual(before);
  });
});
