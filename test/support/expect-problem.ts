import type { Response } from 'supertest';

/** An RFC 9457 problem with this status and stable code. */
export function expectProblem(res: Response, status: number, code: string): void {
  expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
}
