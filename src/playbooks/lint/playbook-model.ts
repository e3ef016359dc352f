import { Document, isMap, isScalar, isSeq, LineCounter, Node, Pair, YAMLMap } from 'yaml';
import { BLOCK_SECTIONS, isLoopKey, PLAY_TASK_SECTIONS, TASK_KEYWORDS } from './task-keywords';

/** A mapping with positions and lazy plain values: what rules look at. */
export class MapView {
  readonly keys: string[];

  constructor(
    readonly node: YAMLMap,
    readonly line: number,
    private readonly doc: Document,
  ) {
    this.keys = node.items.map((pair) => keyOf(pair));
  }

  has(key: string): boolean {
    return this.keys.includes(key);
  }

  /** The plain JS value of a key (aliases resolved), as ansible would see it. */
  get(key: string): unknown {
    const pair = this.pair(key);
    const value = pair?.value;
    return value instanceof Object && 'toJS' in value ? (value as Node).toJS(this.doc) : value;
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
  const line = (node: Node) => lineCounter.linePos(node.range?.[0] ?? 0).line;
  const plays = isSeq(doc.contents)
    ? doc.contents.items.filter(isMap).map((node) => new MapView(node, line(node), doc))
    : [];
  const tasks: Task[] = [];
  for (const play of plays) {
    for (const section of PLAY_TASK_SECTIONS) collectTasks(play.valueNode(section), play, section, tasks, doc, line);
  }
  return { plays, tasks, topLevel: doc.contents };
}

function collectTasks(
  list: unknown, play: MapView, section: string, out: Task[], doc: Document, line: (n: Node) => number,
): void {
  if (!isSeq(list)) return;
  for (const node of list.items.filter(isMap)) {
    const view = new MapView(node, line(node), doc);
    const isBlock = view.has('block');
    out.push({ view, play, section, isBlock, actionKey: isBlock ? undefined : actionKeyOf(view.keys) });
    if (isBlock) for (const sub of BLOCK_SECTIONS) collectTasks(view.valueNode(sub), play, section, out, doc, line);
  }
}

function actionKeyOf(keys: string[]): string | undefined {
  return keys.find((key) => !TASK_KEYWORDS.has(key) && !isLoopKey(key)) ??
    keys.find((key) => key === 'action' || key === 'local_action');
}
