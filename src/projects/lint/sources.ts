import { loadYaml, YamlSource } from '../../playbooks/lint/yaml-source';
import { ProjectFile } from './project-lint.types';

/**
 * Each distinct content parsed once per run: the config files read before linting are linted
 * themselves, and molecule scenarios and symlinks repeat files. Rules only read a parse.
 */
export class Sources {
  private readonly bySha = new Map<string, YamlSource>();

  of(file: ProjectFile & { text: string }): YamlSource {
    const known = this.bySha.get(file.sha256);
    if (known) return known;
    const source = loadYaml(file.text);
    this.bySha.set(file.sha256, source);
    return source;
  }

  /** A file's plain value, if it loads. */
  dataOf(file: ProjectFile | undefined): unknown {
    if (file?.text === undefined) return undefined;
    const source = this.of(file as ProjectFile & { text: string });
    return source.doc && !source.failure ? source.doc.toJS() : undefined;
  }
}
