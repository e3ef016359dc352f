import request from 'supertest';
import type { TestApp } from './app';

/** Stores a playbook over HTTP as `token`'s user (201 expected) and answers its id. */
export async function storePlaybook(t: TestApp, token: string, content: string, name = 'p.yml'): Promise<string> {
  const res = await request(t.url).post('/playbooks').auth(token, { type: 'bearer' }).send({ name, content }).expect(201);
  return res.body.playbook_id as string;
}
