/**
 * The `roles_path` of the project's `ansible.cfg` (`[defaults]`), which the syntax check that
 * ansible-lint runs at the project root applies: project-relative folders, in order.
 */
export function cfgRolesPath(text: string | undefined): string[] {
  return cfgPaths(text, 'roles_path');
}

/** `library` of `[defaults]`: project folders whose modules the syntax check resolves (cephadm-ansible). */
export function cfgLibrary(text: string | undefined): string[] {
  return cfgPaths(text, 'library');
}

function cfgPaths(text: string | undefined, key: string): string[] {
  if (!text) return [];
  let section = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^\s*[#;].*$/, '').trim();
    const header = /^\[(.+)\]$/.exec(line);
    if (header) { section = header[1].trim(); continue; }
    const setting = new RegExp(`^${key}\\s*[=:]\\s*(.*)$`).exec(line);
    if (section === 'defaults' && setting) return setting[1].split(':').map((p) => p.trim()).filter((p) => p && !p.startsWith('/') && !p.startsWith('~'));
  }
  return [];
}
