import { Document, isMap, isScalar, isSeq, LineCounter, Node, Pair, YAMLMap } from 'yaml';
import { BLOCK_SECTIONS, isLoopKey, PLAY_TASK_SECTIONS, TASK_KEYWORDS } from './task-keywords';

/** A mapping with positions and lazy plain values: what rules look at. */
export class MapView {
  readonly keys: string[];
  readonly line: number;

  constructor(
    readonly node: YAMLMap,
    private readonly doc: Document,
    private readonly lineCounter: LineCounter,
  ) {
    this.keys = node.items.map((pair) => keyOf(pair));
    this.line = this.lineOf(node);
  }

  lineOf(node: unknown): number {
    return this.lineCounter.linePos((node as Node)?.range?.[0] ?? 0).line;
  }

  toJS(node: unknown): unknown {
    return node instanceof Object && 'toJS' in node ? (node as Node).toJS(this.doc) : node;
  }

  has(key: string): boolean {
    return this.keys.includes(key);
  }

  /** The plain JS value of a key (aliases resolved), as ansible would see it. */
  get(key: string): unknown {
    return this.toJS(this.pair(key)?.value);
  }

  pair(key: string): Pair | undefined {
    return this.node.items.find((pair) => keyOf(pair) === key) as Pair | undefined;
  }

  valueNode(key: string): unknown {
    return this.pair(key)?.value;
  }
}

export interface Play extends MapView {}

export interface Task {
  view: MapView;
  play: MapView;
  /** Where the task sits: `tasks`, `handlers`, … (inherited by tasks inside blocks). */
  section: string;
  isBlock: boolean;
  /** Inside a block's block/rescue/always list. */
  inBlock: boolean;
  /** The module key as written (`shell`, `ansible.builtin.copy`, `action`), if any. */
  actionKey?: string;
}

export interface PlaybookModel {
  plays: MapView[];
  tasks: Task[];
  /** Top-level entries that are not mappings (ansible rejects those). */
  topLevel: unknown;
}

export function keyOf(pair: { key: unknown }): string {
  return isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

export function buildModel(doc: Document, lineCounter: LineCounter): PlaybookModel {
  const view = (node: YAMLMap) => new MapView(node, doc, lineCounter);
  const plays = isSeq(doc.contents) ? doc.contents.items.filter(isMap).map(view) : [];
  const tasks: Task[] = [];
  for (const play of plays) {
    for (const section of PLAY_TASK_SECTIONS) collectTasks(play.valueNode(section), play, section, tasks, view, false);
  }
  return { plays, tasks, topLevel: doc.contents };
}

/**
 * A tasks or handlers file (a role's `tasks/main.yml`): its top-level list holds the tasks, which
 * belong to no play; an empty mapping stands in for one.
 */
export function buildTasksModel(doc: Document, lineCounter: LineCounter, section: 'tasks' | 'handlers'): PlaybookModel {
  const view = (node: YAMLMap) => new MapView(node, doc, lineCounter);
  const tasks: Task[] = [];
  collectTasks(doc.contents, view(new YAMLMap()), section, tasks, view, false);
  return { plays: [], tasks, topLevel: doc.contents };
}

function collectTasks(
  list: unknown, play: MapView, section: string, out: Task[], makeView: (node: YAMLMap) => MapView, inBlock: boolean,
): void {
  if (!isSeq(list)) return;
  for (const node of list.items.filter(isMap)) {
    const view = makeView(node);
    const isBlock = view.has('block');
    out.push({ view, play, section, isBlock, inBlock, actionKey: isBlock ? undefined : actionKeyOf(view.keys) });
    if (isBlock) for (const sub of BLOCK_SECTIONS) collectTasks(view.valueNode(sub), play, section, out, makeView, true);
  }
}

function actionKeyOf(keys: string[]): string | undefined {
  return keys.find((key) => !TASK_KEYWORDS.has(key) && !isLoopKey(key)) ??
    keys.find((key) => key === 'action' || key === 'local_action');
}
