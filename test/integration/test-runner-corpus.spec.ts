import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusDir } from '../../bench/lint-agreement';
import { checkSyntax } from '../../src/playbooks/runner/test-runner.worker';
import { describeWithAnsible, recordingContext } from '../support/ansible';

const CORPUS = corpusDir();

interface Verdict {
  file: string;
  pass: boolean;
  message: string;
}

function verdicts(): Verdict[] {
  return readFileSync(join(CORPUS, 'syntax-check.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
}

/** ansible-playbook's own verdict on one corpus file, through the runner's syntax step. */
async function throughRunner(v: Verdict): Promise<{ file: string; pass: boolean; line?: number }> {
  const content = readFileSync(join(CORPUS, 'playbooks', v.file), 'utf8');
  const input = { content, timeout_seconds: 60, ansible_playbook: 'ansible-playbook', sandbox: 'bwrap' as const };
  const error = await checkSyntax(input, recordingContext(), v.file);
  return { file: v.file, pass: !error, ...(error?.line && { line: error.line }) };
}

function expected(v: Verdict): { file: string; pass: boolean; line?: number } {
  const line = /line (\d+), column \d+/.exec(v.message)?.[1];
  return { file: v.file, pass: v.pass, ...(!v.pass && line && { line: Number(line) }) };
}

/** Two at a time: the machines running this have two cores. */
async function mapPooled<T, R>(items: T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => { while (next < items.length) { const i = next++; results[i] = await fn(items[i]); } };
  await Promise.all(Array.from({ length: width }, lane));
  return results;
}

describeWithAnsible('runner syntax step on the corpus (ansible-core 2.14 ground truth)', () => {
  if (!existsSync(CORPUS)) {
    it('finds the corpus', () => { throw new Error(`no corpus at ${CORPUS}: set RELIA_CORPUS_DIR`); });
    return;
  }

  it('gives the same verdict as syntax-check.jsonl for every playbook, and the same error line', async () => {
    const all = verdicts();
    expect(all.filter((v) => v.pass).length).toBe(105);
    const got = await mapPooled(all, 2, throughRunner);
    expect(got).toEqual(all.map(expected));
  }, 600_000);
});
