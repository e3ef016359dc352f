import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TaskError } from '../../executor/task-error';

/** One run's private directory: the only place the run may write. */
export interface Workspace {
  dir: string;
  /** Where the playbook lives and ansible-playbook runs: `dir` itself, or the project's tree inside it. */
  root: string;
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
  return prepared(async () => {
    const ws = paths(await mkdtemp(join(tmpdir(), 'relia-run-')), files.playbookName);
    await writeFile(ws.playbook, files.content);
    await writeRunFiles(ws, files.inventory, files.extraVars);
    return ws;
  });
}

/**
 * A workspace around a project's tree: `fill` writes the tree into `root`, and answers the host
 * patterns the inventory needs. The project's own ansible.cfg is used when it has one; Relia's
 * settings then still win, as environment variables (see runEnvironment).
 */
export async function createProjectWorkspace(playbook: string, extraVars: Record<string, unknown>,
  fill: (root: string) => Promise<object>): Promise<Workspace> {
  return prepared(async () => {
    const base = paths(await mkdtemp(join(tmpdir(), 'relia-run-')), playbook, 'project');
    const inventory = await fill(base.root);
    const projectConfig = join(base.root, 'ansible.cfg');
    const ws = existsSync(projectConfig) ? { ...base, config: projectConfig } : base;
    await writeRunFiles(ws, inventory, extraVars);
    return ws;
  });
}

async function prepared(build: () => Promise<Workspace>): Promise<Workspace> {
  try {
    return await build();
  } catch (err) {
    if (err instanceof TaskError) throw err;
    throw new TaskError('workspace_error', `cannot prepare the run's workspace: ${(err as Error).message}`);
  }
}

async function writeRunFiles(ws: Workspace, inventory: object, extraVars: Record<string, unknown>): Promise<void> {
  await mkdir(ws.tmp);
  await writeFile(ws.inventory, JSON.stringify(inventory, null, 2));
  await writeFile(join(ws.dir, 'ansible.cfg'), CONFIG);
  await writeFile(ws.extraVars, JSON.stringify(extraVars));
}

function paths(dir: string, playbookName: string, project?: string): Workspace {
  const file = (name: string) => join(dir, name);
  const root = project ? file(project) : dir;
  return {
    dir,
    root,
    tmp: file('tmp'),
    playbook: join(root, playbookName),
    inventory: file('inventory.yml'),
    config: file('ansible.cfg'),
    extraVars: file('extra_vars.json'),
  };
}

export async function removeWorkspace(ws: Workspace): Promise<void> {
  await rm(ws.dir, { recursive: true, force: true, maxRetries: 3 });
}
