import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TaskError } from '../../executor/task-error';

/** One run's private directory: the only place the run may write. */
export interface Workspace {
  dir: string;
  /** HOME, TMPDIR and Ansible's temp dirs all live here, so nothing leaks into the host's. */
  tmp: string;
  playbook: string;
  inventory: string;
  config: string;
  extraVars: string;
}

export interface WorkspaceFiles {
  playbookName: string;
  content: string;
  inventory: object;
  extraVars: Record<string, unknown>;
}

// Inventory and config are JSON, which Ansible's YAML loaders read, so no escaping pitfalls.
const CONFIG = '[defaults]\ninventory = inventory.yml\nretry_files_enabled = False\n';

export async function createWorkspace(files: WorkspaceFiles): Promise<Workspace> {
  try {
    const dir = await mkdtemp(join(tmpdir(), 'relia-run-'));
    const ws = paths(dir, files.playbookName);
    await mkdir(ws.tmp);
    await writeFile(ws.playbook, files.content);
    await writeFile(ws.inventory, JSON.stringify(files.inventory, null, 2));
    await writeFile(ws.config, CONFIG);
    await writeFile(ws.extraVars, JSON.stringify(files.extraVars));
    return ws;
  } catch (err) {
    throw new TaskError('workspace_error', `cannot prepare the run's workspace: ${(err as Error).message}`);
  }
}

function paths(dir: string, playbookName: string): Workspace {
  const file = (name: string) => join(dir, name);
  return {
    dir,
    tmp: file('tmp'),
    playbook: file(playbookName),
    inventory: file('inventory.yml'),
    config: file('ansible.cfg'),
    extraVars: file('extra_vars.json'),
  };
}

export async function removeWorkspace(ws: Workspace): Promise<void> {
  await rm(ws.dir, { recursive: true, force: true, maxRetries: 3 });
}
