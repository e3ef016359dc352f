import { api } from '../api/http';
import { navigate } from '../router';

/** Starts a lint or test task and opens it. */
export async function startRun(kind: 'lint' | 'test', body: Record<string, unknown>): Promise<void> {
  const accepted = await api<{ task_id: string }>(`/async/${kind}`, { method: 'POST', json: body });
  navigate(`/tasks/${accepted.task_id}`);
}
