# Relia's progress callback: one JSON line per playbook event, written to file descriptor 3,
# which the runner (src/playbooks/runner/) reads while ansible-playbook runs. It only observes:
# the default stdout callback still writes the human-readable log.
from __future__ import annotations

import json
import os
import time

from ansible.playbook.block import Block
from ansible.plugins.callback import CallbackBase

DOCUMENTATION = '''
    name: relia_progress
    type: notification
    short_description: JSON-lines task progress for Relia
    description: Writes one JSON object per event to file descriptor 3 (when it is open).
'''

MESSAGE_LIMIT = 500  # enough to say why a task failed; the full text is in stdout


def count_tasks(items):
    """Tasks a play will run once per host; rescue only runs after a failure, so it is left out."""
    total = 0
    for item in items:
        if isinstance(item, Block):
            total += count_tasks(item.block) + count_tasks(item.always)
        elif getattr(item, 'action', None) not in ('meta', 'ansible.builtin.meta'):
            total += 1
    return total


def play_task_count(play):
    # gather_facts None means "implicit", which is Ansible's default and ours.
    facts = 0 if play.gather_facts is False else 1
    return facts + count_tasks(play.pre_tasks + play.tasks + play.post_tasks)


def text_of(value):
    return (value if isinstance(value, str) else json.dumps(value)).strip()


def short_message(result):
    """`msg`, and for commands the stderr that says why ("non-zero return code" alone does not)."""
    parts = [text_of(result[key]) for key in ('msg', 'stderr', 'module_stderr', 'reason') if result.get(key)]
    return ': '.join(parts)[:MESSAGE_LIMIT] or None


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'notification'
    CALLBACK_NAME = 'relia_progress'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super().__init__()
        self._play = ''
        self._started = {}
        try:
            self._out = os.fdopen(3, 'w', buffering=1)
        except OSError:
            self._out = None  # run by hand without the pipe: stay silent

    def _emit(self, event, **fields):
        if self._out is not None:
            self._out.write(json.dumps(dict(event=event, **fields), default=str) + '\n')

    def v2_playbook_on_start(self, playbook):
        total = sum(play_task_count(play) for play in playbook.get_plays())
        self._emit('playbook_start', total_tasks=total)

    def v2_playbook_on_play_start(self, play):
        self._play = play.get_name().strip()
        self._emit('play_start', play=self._play)

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._emit('task_start', play=self._play, task=task.get_name().strip())

    def v2_playbook_on_handler_task_start(self, task):
        self._emit('task_start', play=self._play, task=task.get_name().strip(), handler=True)

    def v2_runner_on_start(self, host, task):
        self._started[(host.get_name(), task._uuid)] = time.monotonic()
        # Which host a task is running on: what the runner names when the run hits a limit.
        self._emit('runner_start', task=task.get_name().strip(), host=host.get_name())

    def _result(self, result, status, message=None):
        host, task = result._host.get_name(), result._task
        started = self._started.pop((host, task._uuid), None)
        duration = 0 if started is None else round((time.monotonic() - started) * 1000)
        self._emit('task_result', play=self._play, task=task.get_name().strip(), host=host,
                   status=status, duration_ms=duration,
                   message=message or short_message(result._result))

    def v2_runner_on_ok(self, result):
        self._result(result, 'changed' if result._result.get('changed') else 'ok')

    def v2_runner_on_failed(self, result, ignore_errors=False):
        if ignore_errors:
            # Ansible does not count an ignored error as a failure, so neither does the test.
            self._result(result, 'ok', 'ignored error: %s' % (short_message(result._result) or ''))
        else:
            self._result(result, 'failed')

    def v2_runner_on_skipped(self, result):
        self._result(result, 'skipped')

    def v2_runner_on_unreachable(self, result):
        self._result(result, 'unreachable')

    def v2_playbook_on_stats(self, stats):
        hosts = {}
        for host in sorted(stats.processed):
            s = stats.summarize(host)
            hosts[host] = dict(ok=s['ok'], changed=s['changed'], skipped=s['skipped'],
                               failed=s['failures'], unreachable=s['unreachable'])
        self._emit('stats', hosts=hosts)
