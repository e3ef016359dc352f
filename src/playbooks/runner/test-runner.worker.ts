import { TaskError } from '../../executor/task-error';
import type { WorkContext } from '../../executor/work-context';
import { playHostPatterns, sandboxInventory } from './inventory';
import { LimitReached, PlaybookRun } from './playbook-run';
import { ProgressTracker } from './progress';
import { ResultBuilder } from './result';
import { findExecutable } from './sandbox';
import { parseSyntaxError } from './syntax';
import type { PlaybookSyntaxError, TestResult, TestRunInput } from './test-run.types';
import { createWorkspace, removeWorkspace, type Workspace } from './workspace';
import { createRevisionWorkspace } from '../../projects/runs/revision-workspace';
import { missingRequirements } from '../../projects/runs/requirements';

export { defaultSandbox, sandboxAvailable } from './sandbox';

// The system interpreter, whose Python modules ansible-core's Debian package uses; not whatever
// python3 comes first in the service's PATH (pyenv, virtualenvs).
const PYTHON = findExecutable('/usr/bin/python3') ?? 'python3';

/**
 * The `test` task: `ansible-playbook --syntax-check`, then `--check --diff` (or a real run)
 * against one local sandbox host. A playbook that fails its test is a result with
 * `passed: false`; only what stops Relia from running it throws a TaskError.
 */
export async function testPlaybook(input: TestRunInput, ctx: WorkContext): Promise<TestResult> {
  const started = Date.now();
  return withRun(input, ctx, 'playbook.yml', async (run, ws) => {
    const result = new ResultBuilder(ws.root);
    const requirements = input.project ? await missingRequirements(ws.root) : undefined;
    try {
      const syntaxError = await syntaxStep(run, ws, ctx);
      if (syntaxError) return { ...result.build(started, run.output, syntaxError), requirements };
      const step = input.check_mode === false ? 'run' : 'check';
      const progress = new ProgressTracker(ctx.progress.bind(ctx), step);
      const { code } = await run.step(playArgs(input, ws), (e) => (progress.onEvent(e), result.onEvent(e)));
      ctx.progress(100, { step: 'done' });
      return { ...result.build(started, run.output, undefined, code), requirements };
    } catch (err) {
      // A run stopped at a limit (memory, processes, disk, time) is the playbook's failure, not Relia's.
      if (!(err instanceof LimitReached)) throw err;
      ctx.progress(100, { step: 'done' });
      return { ...result.build(started, run.output, undefined, null, err.hit), requirements };
    }
  });
}

/** The syntax step alone, under the file name given (the corpus compares verdicts by file). */
export async function checkSyntax(
  input: Omit<TestRunInput, 'check_mode' | 'tags' | 'skip_tags'>,
  ctx: WorkContext,
  playbookName = 'playbook.yml',
): Promise<PlaybookSyntaxError | undefined> {
  return withRun(input, ctx, playbookName, (run, ws) => syntaxStep(run, ws, ctx));
}

async function syntaxStep(run: PlaybookRun, ws: Workspace, ctx: WorkContext): Promise<PlaybookSyntaxError | undefined> {
  ctx.progress(0, { step: 'syntax-check' });
  const { code, output } = await run.step(['--syntax-check', ws.playbook, '-e', `@${ws.extraVars}`]);
  return code === 0 ? undefined : parseSyntaxError(output, ws.root);
}

function playArgs(input: TestRunInput, ws: Workspace): string[] {
  const args = [ws.playbook, '-e', `@${ws.extraVars}`];
  if (input.check_mode !== false) args.push('--check', '--diff');
  if (input.tags?.length) args.push('--tags', input.tags.join(','));
  if (input.skip_tags?.length) args.push('--skip-tags', input.skip_tags.join(','));
  if (input.limit) args.push('--limit', input.limit);
  return args;
}

function workspaceFor(input: Omit<TestRunInput, 'check_mode' | 'tags' | 'skip_tags'>, playbookName: string): Promise<Workspace> {
  const inventory = (contents: string[]) => sandboxInventory([...contents.flatMap(playHostPatterns), ...(input.limit ? [input.limit] : [])], PYTHON);
  const extraVars = input.extra_vars ?? {};
  if (input.project) return createRevisionWorkspace(input.project, extraVars, inventory);
  return createWorkspace({ playbookName, content: input.content ?? '', inventory: inventory([input.content ?? '']), extraVars });
}

/** Resolves the binary, prepares the workspace and always removes it, whatever happens. */
async function withRun<T>(
  input: Omit<TestRunInput, 'check_mode' | 'tags' | 'skip_tags'>,
  ctx: WorkContext,
  playbookName: string,
  body: (run: PlaybookRun, ws: Workspace) => Promise<T>,
): Promise<T> {
  const ansible = findExecutable(input.ansible_playbook);
  if (!ansible) {
    throw new TaskError('runner_unavailable', `ansible-playbook not found ("${input.ansible_playbook}"): apt-get install ansible-core, or set RELIA_ANSIBLE_PLAYBOOK`);
  }
  const ws = await workspaceFor(input, playbookName);
  const run = new PlaybookRun(ws, ansible, input.sandbox, ctx, input.timeout_seconds, input.limits);
  try {
    return await body(run, ws);
  } finally {
    await run.dispose();
    await removeWorkspace(ws);
  }
}
