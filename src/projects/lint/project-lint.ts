import { finish, summarise } from '../../playbooks/lint/lint-engine';
import { inProfile } from '../../playbooks/lint/profiles';
import { Profile } from '../../playbooks/lint/lint.types';
import { RawFinding } from '../../playbooks/lint/rule';
import { listMatches } from '../../playbooks/lint/rule-options';
import { RULES } from '../../playbooks/lint/rule-registry';
import { staticSyntaxCheck } from '../../playbooks/lint/syntax-check';
import { childKinds } from './children';
import { canonicalRuleId } from './config-keys';
import { fileRuleFindings, loadFailure, LoadedFile, loadFile } from './file-lint';
import { fileKeys, hash, LintCache, Stage } from './lint-cache';
import { YAML_KINDS } from './kinds';
import { modeOf } from './lint-mode';
import { ProjectConfig, readConfig } from './project-config';
import { ProjectContext } from './project-rule';
import { PROJECT_RULES } from './project-rules';
import { buildTree, Lintable, ProjectTree } from './project-tree';
import { isRoleRepository, selfRoleName, SyntaxContext, syntaxEnv } from './roles';
import { cfgLibrary, cfgRolesPath } from './ansible-cfg';
import { CHANGELOG_PATHS } from './rules/galaxy.rule';
import { roleDirFindings } from './rules/role-name.rule';
import { Sources } from './sources';
import { YAMLLINT_PATHS, yamlSettingsOf } from './yamllint-config';
import {
  FileReport, PreviousLint, ProjectFile, ProjectLintFinding, ProjectLintOptions, ProjectLintResult,
} from './project-lint.types';

export type { FileReport, PreviousLint, ProjectFile, ProjectLintFinding, ProjectLintOptions, ProjectLintResult } from './project-lint.types';

/** Everything the rules of one run share: effective lists, rule ids, the context every key hashes. */
interface Run {
  tree: ProjectTree;
  skip: string[];
  warn: string[];
  ruleIds: Set<string>;
  contextHash: string;
  yaml: ReturnType<typeof yamlSettingsOf>;
  cache: LintCache;
  linkedRole?: string;
  syntax: SyntaxContext;
  /** A role repository online ansible-lint cannot name (no namespace, role-name enforced). */
  unnamedRole: boolean;
  sources: Sources;
  project: ProjectContext;
}

/** One lintable's outcome, before the project-wide stop of phase 1 is applied. */
interface FileOutcome {
  lintable: Lintable;
  /** The lintable's kind once loaded (or as the cache recorded it). */
  kind: string;
  keys: Record<Stage, string>;
  cachedStage?: Stage;
  loaded?: LoadedFile;
  phase1: RawFinding[];
}

/**
 * Lints a project the way ansible-lint 6.13 does at its root: `.ansible-lint` and `.yamllint`
 * honoured, files by kind, roles resolved inside the project. Pure: no I/O. `previous` (an earlier
 * result of the same project and options) serves as the cache.
 */
export function lintProject(files: ProjectFile[], options: ProjectLintOptions, previous?: PreviousLint): ProjectLintResult {
  const texts = new Map(files.flatMap((f) => (f.text === undefined ? [] : [[f.path, f.text] as [string, string]])));
  const config = readConfig(texts);
  if (config.error) return rejected(config, options);
  const run = prepare(files, texts, config, options, new LintCache(previous));
  const outcomes = withChildKinds(run, run.tree.lintables.map((lintable) => phaseOne(run, lintable)));
  const stopped = outcomes.some((o) => o.phase1.length > 0);
  const reports = outcomes.map((o) => finalise(run, o, stopped));
  return result(run, config, options, reports, stopped);
}

function prepare(files: ProjectFile[], texts: Map<string, string>, config: ProjectConfig, options: ProjectLintOptions, cache: LintCache): Run {
  const tree = buildTree(files, config.kinds, config.excludePaths);
  const { skip, warn, profile } = effectiveOptions(config, options);
  const ids = [...RULES, ...PROJECT_RULES].filter((rule) => inProfile(rule.profile, profile) && !listMatches(skip, rule.id)).map((r) => r.id);
  const sources = new Sources();
  const yaml = yamlSettingsOf(sources.dataOf(YAMLLINT_PATHS.map((path) => tree.files.get(path)).find(Boolean)));
  // Everything a file's own findings depend on besides the file: part of every key.
  // galaxy.yml's findings depend on which changelogs exist.
  const changelogs = [...tree.files.keys()].filter((path) => CHANGELOG_PATHS.some((name) => path === name || path.endsWith(`/${name}`)));
  const contextHash = hash(JSON.stringify({ skip, warn, profile, ids, changelogs, yaml: yaml && { ...yaml, disabled: [...yaml.disabled] } }));
  const roleRepository = !config.offline && isRoleRepository(tree);
  const linkedRole = roleRepository ? selfRoleName(tree, options.projectName, sources) : undefined;
  const syntax: SyntaxContext = {
    knownRoles: new Set([...config.mockRoles, ...(linkedRole ? [linkedRole] : [])]),
    extraVars: new Set(config.extraVars),
    // In a collection, ansible-compat puts the collection's own roles/ on the roles path (probed).
    projectName: options.projectName,
    readData: (path) => sources.dataOf(tree.files.get(path)),
    localModules: libraryModules(tree, cfgLibrary(texts.get('ansible.cfg'))),
    rolesPath: [...(tree.files.has('galaxy.yml') ? ['roles'] : []), ...cfgRolesPath(texts.get('ansible.cfg'))],
  };
  const unnamedRole = roleRepository && !linkedRole && !listMatches([...skip, ...warn], 'role-name');
  return { tree, skip, warn, ruleIds: new Set(ids), contextHash, yaml, cache, linkedRole, unnamedRole, sources, syntax, project: { projectName: options.projectName, hasFile: (path) => tree.files.has(path) } };
}

/** Modules in the library folders: `library/ceph_orch_daemon.py` is module `ceph_orch_daemon`. */
function libraryModules(tree: ProjectTree, folders: string[]): Set<string> {
  const dirs = folders.map((folder) => `${folder.replace(/^\.\//, '').replace(/\/$/, '')}/`);
  const names = [...tree.files.keys()].filter((path) => dirs.some((dir) => path.startsWith(dir) && !path.slice(dir.length).includes('/')));
  return new Set(names.map((path) => path.slice(path.lastIndexOf('/') + 1).replace(/\.[^.]*$/, '')).filter((name) => name !== '__init__'));
}

/** The request's options extend the config's lists and override its profile. */
function effectiveOptions(config: ProjectConfig, options: ProjectLintOptions): { skip: string[]; warn: string[]; profile?: Profile } {
  return {
    skip: [...config.skipList, ...(options.skip_list ?? []).map(canonicalRuleId)],
    warn: [...config.warnList, ...(options.warn_list ?? []).map(canonicalRuleId)],
    profile: options.profile ?? config.profile,
  };
}

/** Phase 1: the load of every file (from the cache when its key matches) and the syntax check of playbooks. */
function phaseOne(run: Run, lintable: Lintable): FileOutcome {
  const sha = lintable.file?.sha256 ?? (lintable.kind === 'role' ? roleMeta(run, lintable.path)?.sha256 ?? '' : '');
  const keys = fileKeys(lintable.path, lintable.kind, sha, run.contextHash);
  const cachedStage = run.cache.stageOf(lintable.path, keys);
  // Same key, same content: the kind the cache recorded is the kind loading would find.
  const outcome: FileOutcome = { lintable, kind: cachedStage ? run.cache.kindOf(lintable.path)! : lintable.kind, keys, cachedStage, phase1: [] };
  if (!lintable.file?.text || !YAML_KINDS.has(lintable.kind)) return outcome;
  if (cachedStage && outcome.kind !== 'playbook') {
    outcome.phase1 = run.cache.ownFindings(lintable.path).filter((f) => f.rule === 'load-failure');
    return outcome;
  }
  outcome.loaded = load(run, lintable);
  outcome.kind = outcome.loaded.kind;
  const failed = loadFailure(outcome.loaded);
  outcome.phase1 = failed ? [failed] : outcome.kind === 'playbook' ? syntaxFindings(run, outcome.loaded) : [];
  return outcome;
}

/** A generic YAML file that a playbook imports is linted as what it is imported as (cross-file, so part of its key). */
function withChildKinds(run: Run, outcomes: FileOutcome[]): FileOutcome[] {
  const children = new Map<string, string>();
  for (const o of outcomes) if (o.loaded && o.kind === 'playbook') for (const [path, kind] of childKinds(o.loaded, run.tree)) children.set(path, kind);
  return outcomes.map((o) => {
    const kind = children.get(o.lintable.path);
    return kind && o.kind === 'yaml' ? phaseOne(run, { ...o.lintable, kind }) : o;
  });
}

function load(run: Run, { path, kind, file }: Lintable): LoadedFile {
  return loadFile(path, kind, run.sources.of(file as ProjectFile & { text: string }));
}

function syntaxFindings(run: Run, file: LoadedFile): RawFinding[] {
  const dir = file.path.includes('/') ? file.path.slice(0, file.path.lastIndexOf('/')) : '';
  const problem = staticSyntaxCheck(file.source, file.model, syntaxEnv(run.tree, dir, run.syntax));
  return problem ? [problem] : [];
}

/** Phase 2 (unless phase 1 stopped the run anywhere): the file's findings, from the cache when its key matches. */
function finalise(run: Run, o: FileOutcome, stopped: boolean): { report: FileReport; findings: ProjectLintFinding[] } {
  const stage: Stage = stopped ? 'phase1' : 'full';
  const cached = stopped ? o.cachedStage !== undefined : o.cachedStage === 'full';
  const findings = stopped ? o.phase1.map((f) => withPath(run, o.lintable.path, f)) : cached ? run.cache.ownFindings(o.lintable.path) : phaseTwo(run, o);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const report: FileReport = { path: o.lintable.path, kind: o.kind, errors, warnings: findings.length - errors, cached, key: o.keys[stage] };
  return { report, findings };
}

function phaseTwo(run: Run, o: FileOutcome): ProjectLintFinding[] {
  const { lintable } = o;
  if (lintable.kind === 'role') return run.ruleIds.has('role-name') ? roleFolderFindings(run, lintable.path) : [];
  const loaded = o.loaded ?? (lintable.file?.text !== undefined && YAML_KINDS.has(lintable.kind) ? load(run, lintable) : undefined);
  if (!loaded) return [];
  return fileRuleFindings(loaded, run.ruleIds, run.project, run.yaml)
    .filter((f) => !listMatches(run.skip, f.rule))
    .map((f) => withPath(run, lintable.path, f));
}

/** A role folder's findings read its meta (so the folder's cache key is the meta's content). */
function roleFolderFindings(run: Run, path: string): ProjectLintFinding[] {
  return roleDirFindings(path, run.sources.dataOf(roleMeta(run, path))).map((f) => withPath(run, path, f));
}

function roleMeta(run: Run, path: string): ProjectFile | undefined {
  return run.tree.files.get(`${path}/meta/main.yml`) ?? run.tree.files.get(`${path}/meta/main.yaml`);
}

function withPath(run: Run, path: string, raw: RawFinding): ProjectLintFinding {
  return { ...finish(raw, { warn_list: run.warn }), path };
}

function result(
  run: Run, config: ProjectConfig, options: ProjectLintOptions, reports: { report: FileReport; findings: ProjectLintFinding[] }[], stopped: boolean,
): ProjectLintResult {
  const findings = reports.flatMap((r) => r.findings).sort(byLocation);
  const hits = reports.filter((r) => r.report.cached).length;
  return {
    engine: 'builtin',
    passed: !findings.some((f) => f.severity === 'error'),
    profile: stopped ? '' : (options.profile ?? config.profile ?? 'default'),
    rules: stopped ? ['load-failure', 'syntax-check'] : ['load-failure', 'syntax-check', ...run.ruleIds],
    summary: summarise(findings),
    findings,
    truncated: false,
    files: reports.map((r) => r.report).sort((a, b) => compare(a.path, b.path)),
    ...modeOf(run.tree, config, run.linkedRole, run.unnamedRole),
    config: { path: config.path },
    cache: { hits, misses: reports.length - hits },
  };
}

/** ansible-lint exits 3 on an invalid config and lints nothing: a failed result that says why. */
function rejected(config: ProjectConfig, options: ProjectLintOptions): ProjectLintResult {
  const finding: ProjectLintFinding = {
    rule: 'config-error', message: config.error!, severity: 'error', line: 1, column: 1, path: config.path!,
    url: 'https://ansible.readthedocs.io/projects/lint/configuring/',
  };
  return {
    engine: 'builtin', passed: false, profile: options.profile ?? 'default', rules: [], summary: summarise([finding]), findings: [finding],
    truncated: false, files: [], mode: 'online', mode_note: 'ansible-lint rejects this configuration in both modes (exit 3).',
    config: { path: config.path, error: config.error }, cache: { hits: 0, misses: 0 },
  };
}

function byLocation(a: ProjectLintFinding, b: ProjectLintFinding): number {
  return compare(a.path, b.path) || a.line - b.line || a.column - b.column;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
