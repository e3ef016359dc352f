import { isMap, isScalar, Node } from 'yaml';
import { YamlSource } from '../../../playbooks/lint/yaml-source';

/** A meta file's `galaxy_info` mapping as data, with the line of its key (where 6.13 reports meta-incorrect). */
export interface GalaxyInfoEntry { info: Record<string, unknown>; line: number }

export function galaxyInfoEntry(source: YamlSource): GalaxyInfoEntry | undefined {
  const contents = source.doc?.contents;
  if (!isMap(contents)) return undefined;
  const pair = contents.items.find((item) => isScalar(item.key) && item.key.value === 'galaxy_info');
  const info = pair && isMap(pair.value) ? (pair.value.toJSON() as Record<string, unknown>) : undefined;
  if (!info) return undefined;
  return { info, line: source.lineCounter.linePos((pair!.key as Node).range?.[0] ?? 0).line };
}
