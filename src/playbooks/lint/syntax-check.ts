import { RawFinding } from './rule';
import { YamlSource } from './yaml-source';

/**
 * What `ansible-playbook --syntax-check` (run inside ansible-lint) would reject, found
 * statically. Returns the single finding 6.13 reports in that case.
 */
export function staticSyntaxCheck(source: YamlSource): RawFinding | undefined {
  if (source.failure === 'load') return { rule: 'load-failure', line: 1, message: 'Failed to load YAML file' };
  if (source.failure === 'multi-document') return internalError(4);
  return undefined;
}

function internalError(code: number): RawFinding {
  return {
    rule: 'internal-error',
    line: 1,
    message: `Unexpected error code ${code} from execution of: ansible-playbook -i localhost, --syntax-check playbook.yml`,
  };
}
