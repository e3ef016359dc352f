import { PlaybookModel, Task } from './playbook-model';
import { Action } from './task-action';
import { Profile, Severity } from './lint.types';
import { YamlSource } from './yaml-source';

/** A finding before options (warn_list) and the doc url are applied. */
export interface RawFinding {
  /** Full id: `name[casing]`, `no-changed-when`. */
  rule: string;
  message: string;
  line: number;
  column?: number;
  /** Only the few rules 6.13 reports as warnings by default set this. */
  severity?: Severity;
}

/** What a linted file is, after ansible-lint's `kinds` (a lone playbook is a `playbook`). */
export type FileKind = 'playbook' | 'tasks' | 'handlers' | 'vars' | 'meta' | 'requirements' | 'galaxy' | 'yaml' | string;

/** Settings of the yaml rule that a project's `.yamllint` may change. */
export interface YamlSettings {
  /** yamllint rules switched off (`line-length: disable`). */
  disabled: Set<string>;
  truthyAllowed: string[];
  lineMax: number;
  forbidImplicitOctal: boolean;
  forbidExplicitOctal: boolean;
  emptyLinesMax: number;
  /** yamllint colons `max-spaces-after`; -1 = any number. */
  colonsMaxSpacesAfter: number;
  /** yamllint comments `min-spaces-from-content`. */
  commentsMinSpaces: number;
  /** yamllint document-start `present` (ansible-lint's own config leaves it off). */
  documentStart: boolean;
  /** line-length `allow-non-breakable-inline-mappings` (`key: longword` may exceed the limit). */
  allowLongInlineMappings: boolean;
  /** `ignore` patterns of the `.yamllint` (gitignore-style): files yamllint leaves alone. */
  ignore?: string[];
}

/** Everything a rule may look at; built once per file. */
export interface LintContext {
  source: YamlSource;
  model: PlaybookModel;
  /** Absent for a lone playbook. */
  kind?: FileKind;
  /** The file's path in its project; absent for a lone playbook. */
  path?: string;
  /** Absent: ansible-lint's own yamllint settings. */
  yaml?: YamlSettings;
  /** Tasks (not blocks) with their normalised action. */
  actions: { task: Task; action: Action }[];
}

export interface Rule {
  /** Base id: `yaml`, `name`, `fqcn`. */
  id: string;
  /** The lowest ansible-lint profile that includes the rule; undefined = only without a profile. */
  profile?: Profile;
  check(ctx: LintContext): RawFinding[];
}
