import type { Api } from '../api';
import { CliError, EXIT } from '../exit-codes';
import { Interrupts, type InterruptChoice } from './interrupts';
import { pollDetails } from './details-poll';
import { progressView } from './progress-view';
import { followTask, type TaskChange } from './task-follower';

/**
 * Follows a task to its end with live progress on stderr, Ctrl-C handled (cancel or detach).
 * Answers the last change, whose status is final; detaching throws the `detached` exit.
 */
export async function watchTask(api: Api, taskId: string, quiet: boolean): Promise<TaskChange> {
  const abort = new AbortController();
  const view = progressView(quiet);
  let detached = false;
  const choose = (choice: InterruptChoice): void => {
    if (choice === 'detach') {
      detached = true;
      abort.abort();
      return;
    }
    process.stderr.write(`canceling task ${taskId}…\n`);
    api.send('POST', `/tasks/${taskId}/cancel`, { allow: [409] }).catch((error: Error) => {
      process.stderr.write(`relia: could not cancel: ${error.message}\n`);
    });
  };
  const interrupts = new Interrupts(taskId, choose, () => view.pause(), () => view.resume());
  let last: TaskChange | undefined;
  const stopPolling = pollDetails(api, taskId, () => last, (change) => view.update(change), abort.signal);
  try {
    for await (const change of followTask(api, taskId, abort.signal)) {
      view.update(change);
      last = change;
    }
  } finally {
    stopPolling();
    abort.abort();
    view.stop();
    interrupts.dispose();
  }
  if (detached || !last) {
    throw new CliError(`detached: task ${taskId} goes on; follow it with \`relia watch ${taskId}\``, EXIT.detached);
  }
  return last;
}
