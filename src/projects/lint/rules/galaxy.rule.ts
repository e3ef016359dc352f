import { isMap, isScalar, Node } from 'yaml';
import { RawFinding } from '../../../playbooks/lint/rule';
import { YamlSource } from '../../../playbooks/lint/yaml-source';
import { ProjectContext, ProjectRule } from '../project-rule';

/** Where 6.13 looks for a collection's changelog, beside galaxy.yml (probed: `changelogs/changelog.yml` does not count). */
export const CHANGELOG_PATHS = ['CHANGELOG.md', 'CHANGELOG.rst', 'changelogs/changelog.yaml'];
const REQUIRED_TAGS = ['application', 'cloud', 'database', 'infrastructure', 'linux', 'monitoring', 'networking', 'security', 'storage', 'tools', 'windows'];

/**
 * galaxy: a collection's galaxy.yml has a version (≥ 1.0.0, reported on its line), a changelog and
 * one of Automation Hub's required tags. Without a version 6.13 reports only that.
 */
export const galaxyRule: ProjectRule = {
  id: 'galaxy',
  profile: 'shared',
  kinds: ['galaxy'],
  check: (file, project) => {
    const data = file.source.doc?.toJS() as Record<string, unknown> | null;
    if (!data || typeof data !== 'object') return [];
    if (!('version' in data)) return [finding('galaxy[version-missing]', 1, 'galaxy.yaml should have version tag.')];
    return [...changelogFindings(file.path, project), ...tagFindings(data.tags), ...versionFindings(file.source, String(data.version))];
  },
};

function changelogFindings(path: string, { hasFile }: ProjectContext): RawFinding[] {
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '';
  if (CHANGELOG_PATHS.some((name) => hasFile(dir + name))) return [];
  return [finding('galaxy[no-changelog]', 1, 'No changelog found. Please add a changelog file. Refer to the galaxy.md file for more info.')];
}

function tagFindings(tags: unknown): RawFinding[] {
  if (Array.isArray(tags) && tags.some((tag) => REQUIRED_TAGS.includes(tag))) return [];
  const list = REQUIRED_TAGS.map((tag) => `'${tag}'`).join(', ');
  return [finding('galaxy[tags]', 1, `galaxy.yaml must have one of the required tags: [${list}]`)];
}

function versionFindings(source: YamlSource, version: string): RawFinding[] {
  const major = Number.parseInt(version, 10);
  if (major >= 1) return [];
  return [finding('galaxy[version-incorrect]', versionLine(source), 'collection version should be greater than or equal to 1.0.0')];
}

function versionLine(source: YamlSource): number {
  const contents = source.doc?.contents;
  const pair = isMap(contents) ? contents.items.find((item) => isScalar(item.key) && item.key.value === 'version') : undefined;
  return pair ? source.lineCounter.linePos((pair.key as Node).range?.[0] ?? 0).line : 1;
}

function finding(rule: string, line: number, message: string): RawFinding {
  return { rule, line, message };
}
