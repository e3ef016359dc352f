import { findExecutable, sandboxed, SOURCE_DIR } from '../sandbox';
import type { SandboxKind } from '../test-run.types';
import type { RunLimits } from './limits.types';

/** What a wrapper prints before exiting 125 when it could not apply a limit: Relia's fault, not the playbook's. */
export const LAUNCH_ERROR = 'relia-limits: ';
const NICE = 10;

/**
 * Outside the sandbox, as the service's user: make the run the OOM killer's first choice, join
 * the run's cgroups (every later process inherits them), then exec the rest.
 * Arguments: cgroup.procs files, `--`, the command.
 */
const OUTER = [
  'echo 1000 > /proc/self/oom_score_adj 2>/dev/null',
  'for f do shift; [ "$f" = -- ] && break',
  `  echo $$ > "$f" 2>/dev/null || { echo "${LAUNCH_ERROR}cannot join the cgroup $f" >&2; exit 125; }`,
  'done',
  'exec "$@"',
].join('\n');

/** Inside the sandbox, as the run's uid: copy the workspace into its bounded tmpfs, set the rlimits, exec. */
function inner(limits: RunLimits, copy: boolean): string {
  const lines = [
    ...(copy ? [`cp -R ${SOURCE_DIR}/. "$PWD"/ || { echo "${LAUNCH_ERROR}cannot copy the workspace into the sandbox" >&2; exit 125; }`] : []),
    `ulimit -n ${limits.openFiles}`,
    `ulimit -f ${limits.diskMb * 2048}`, // 512-byte blocks: no single file larger than the disk limit
    ...(limits.mechanism === 'rlimit' ? [`ulimit -p ${limits.processes}`, `ulimit -v ${limits.memoryMb * 1024}`] : []),
    'exec "$@"',
  ];
  return lines.join('\n');
}

export interface Launch {
  kind: SandboxKind;
  workspace: string;
  command: string[];
  readable: string[];
  limits: RunLimits;
  /** The run cgroup's cgroup.procs files (none in rlimit mode). */
  cgroupProcs: string[];
}

/** The whole argv of one limited step: outer wrapper, identity drop, sandbox, inner wrapper, command. */
export function limitedArgv(l: Launch): string[] {
  const sh = findExecutable('/bin/sh') ?? 'sh';
  const setpriv = findExecutable('setpriv') ?? 'setpriv';
  const drop = [setpriv, `--reuid=${l.limits.uid}`, `--regid=${l.limits.uid}`, '--clear-groups', '--inh-caps=-all', '--'];
  const root = process.getuid?.() === 0;
  const bwrap = l.kind === 'bwrap';
  const innerCmd = [
    ...(bwrap && l.limits.identity === 'setuid' ? drop : []),
    sh, '-c', inner(l.limits, bwrap), 'relia-run', ...l.command,
  ];
  const limits = { diskBytes: l.limits.diskMb * 1024 * 1024, identity: l.limits.identity, masked: l.limits.masked };
  const sandbox = sandboxed(l.kind, l.workspace, innerCmd, l.readable, limits);
  return [
    sh, '-c', OUTER, 'relia-limits', ...l.cgroupProcs, '--',
    findExecutable('nice') ?? 'nice', '-n', String(NICE),
    ...(bwrap && root && l.limits.identity === 'userns' ? drop : []),
    ...sandbox,
  ];
}
