import { Document, isMap, isSeq, LineCounter } from 'yaml';
import { actionsOf, ruleFindings } from '../../playbooks/lint/lint-engine';
import { buildModel, buildTasksModel, PlaybookModel } from '../../playbooks/lint/playbook-model';
import { FileKind, LintContext, RawFinding, YamlSettings } from '../../playbooks/lint/rule';
import { YamlSource } from '../../playbooks/lint/yaml-source';
import { ProjectContext } from './project-rule';
import { PROJECT_RULES } from './project-rules';

/** A loaded lintable: what phase 1 and phase 2 both read. */
export interface LoadedFile {
  path: string;
  kind: FileKind;
  source: YamlSource;
  model: PlaybookModel;
}

const EMPTY_MODEL: PlaybookModel = { plays: [], tasks: [], topLevel: undefined };

/** A lintable with its parse; a generic `yaml` file that holds plays is a playbook, as 6.13 decides. */
export function loadFile(path: string, globKind: FileKind, source: YamlSource): LoadedFile {
  const kind = globKind === 'yaml' && holdsPlays(source) ? 'playbook' : globKind;
  return { path, kind, source, model: source.doc && !source.failure ? modelOf(kind, source.doc, source.lineCounter) : EMPTY_MODEL };
}

const PLAY_MARKERS = ['hosts', 'import_playbook', 'ansible.builtin.import_playbook'];

function holdsPlays(source: YamlSource): boolean {
  const contents = source.doc?.contents;
  return isSeq(contents) && contents.items.some((item) => isMap(item) && PLAY_MARKERS.some((key) => item.has(key)));
}

function modelOf(kind: FileKind, doc: Document, lineCounter: LineCounter): PlaybookModel {
  if (kind === 'playbook') return buildModel(doc, lineCounter);
  if (kind === 'tasks' || kind === 'handlers') return buildTasksModel(doc, lineCounter, kind);
  return EMPTY_MODEL;
}

/**
 * Phase 1 for one file: YAML that PyYAML could not load. Several documents in one file are fine
 * except in a playbook, which the syntax check judges.
 */
export function loadFailure(file: LoadedFile): RawFinding | undefined {
  return file.source.failure === 'load' ? { rule: 'load-failure', line: 1, message: 'Failed to load YAML file' } : undefined;
}

/** Rules that read tasks run on the files that hold tasks; the rest only see the YAML. */
const TASK_KINDS = new Set(['playbook', 'tasks', 'handlers']);
const YAML_ONLY_RULES = new Set(['yaml', 'no-tabs', 'jinja']);

/** Phase 2 for one file: the built-in rules its kind gets, then the project-only ones. */
export function fileRuleFindings(file: LoadedFile, ruleIds: Set<string>, project: ProjectContext, yaml?: YamlSettings): RawFinding[] {
  if (!file.source.doc || file.source.failure) return [];
  const ctx: LintContext = { source: file.source, model: file.model, kind: file.kind, path: file.path, yaml, actions: actionsOf(file.model) };
  const ids = TASK_KINDS.has(file.kind) ? ruleIds : new Set([...ruleIds].filter((id) => YAML_ONLY_RULES.has(id)));
  const own = PROJECT_RULES.filter((rule) => ruleIds.has(rule.id) && rule.kinds.includes(file.kind)).flatMap((rule) => rule.check(file, project));
  return [...ruleFindings(ctx, ids), ...own];
}
