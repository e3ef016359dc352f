import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import request from 'supertest';
import type { TestApp } from './app';

/** Files of a project: content, or `{ link }` for a symlink. */
export type ProjectFiles = Record<string, string | { link: string }>;

/** A playbook project whose site.yml needs its role and an included task file: alone, it fails its syntax check. */
export const ROLE_PROJECT: ProjectFiles = {
  'site.yml': `- name: Web servers
  hosts: webservers
  gather_facts: false
  roles:
    - web
`,
  'roles/web/tasks/main.yml': `- name: Greet
  ansible.builtin.debug:
    msg: "hello {{ greeting_target }}"

- name: Extra steps
  ansible.builtin.include_tasks: extra.yml
`,
  'roles/web/tasks/extra.yml': `- name: Second greeting
  ansible.builtin.debug:
    msg: "from an included file"
`,
  'roles/web/defaults/main.yml': 'greeting_target: world\n',
  'group_vars/all.yml': 'site_name: demo\n',
  'README.md': '# demo\n',
};

/** `tar czf` of the files under one top-level folder, as a user would make it. */
export function tarGz(files: ProjectFiles, top = 'demo'): Buffer {
  return pack(files, top, (dir) => execFileSync('tar', ['czf', '-', top], { cwd: dir }));
}

export function zip(files: ProjectFiles, top = 'demo'): Buffer {
  return pack(files, top, (dir) => {
    execFileSync('zip', ['-qry', 'out.zip', top], { cwd: dir });
    return readFileSync(join(dir, 'out.zip'));
  });
}

function pack(files: ProjectFiles, top: string, archive: (dir: string) => Buffer): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'relia-pack-'));
  try {
    for (const [path, content] of Object.entries(files)) {
      const target = join(dir, top, path);
      mkdirSync(dirname(target), { recursive: true });
      if (typeof content === 'string') writeFileSync(target, content);
      else symlinkSync(content.link, target);
    }
    return archive(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A hostile tar.gz made with Python's tarfile, which writes whatever it is told. */
export function pythonArchive(script: string): Buffer {
  return execFileSync('/usr/bin/python3', ['-c', `import io, sys, tarfile, zipfile, gzip\nbuf = io.BytesIO()\n${script}\nsys.stdout.buffer.write(buf.getvalue())`], { maxBuffer: 256 * 1024 * 1024 });
}

export function uploadProject(t: TestApp, token: string, archive: Buffer, name = 'demo', type = 'application/gzip'): request.Test {
  return request(t.url).post(`/projects?name=${name}`).set('Authorization', `Bearer ${token}`).set('Content-Type', type).send(archive);
}
