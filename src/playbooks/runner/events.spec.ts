import { parseEvent } from './events';
import { ProgressTracker } from './progress';
import { ResultBuilder } from './result';
import { OutputTail } from './output';

const lines = [
  '{"event": "playbook_start", "total_tasks": 2}',
  '{"event": "play_start", "play": "Web"}',
  '{"event": "task_start", "play": "Web", "task": "one"}',
  '{"event": "task_result", "play": "Web", "task": "one", "host": "sandbox", "status": "changed", "duration_ms": 5, "message": null}',
  'not json',
  '{"event": "something_else"}',
  '{"event": "task_start", "play": "Web", "task": "two"}',
  '{"event": "task_result", "play": "Web", "task": "two", "host": "sandbox", "status": "failed", "duration_ms": 7, "message": "boom"}',
];

describe('callback events', () => {
  const events = lines.map(parseEvent).filter((e) => e !== undefined);

  it('parses the plugin lines and ignores anything else', () => {
    expect(events.map((e) => e.event)).toEqual(['playbook_start', 'play_start', 'task_start', 'task_result', 'task_start', 'task_result']);
  });

  it('turns them into progress, held below 100 until the run is over', () => {
    const calls: Array<[number, unknown]> = [];
    const tracker = new ProgressTracker((p, d) => calls.push([p, d]), 'check');
    events.forEach((e) => tracker.onEvent(e));
    expect(calls.at(3)).toEqual([50, { step: 'check', play: 'Web', task: 'one', host: 'sandbox' }]);
    expect(calls.at(-1)).toEqual([99, { step: 'check', play: 'Web', task: 'two', host: 'sandbox' }]);
  });

  it('builds the result, with a recap counted from tasks when the stats never came', () => {
    const builder = new ResultBuilder('/tmp/ws');
    events.forEach((e) => builder.onEvent(e));
    const result = builder.build(Date.now(), new OutputTail(), undefined, 2);
    expect(result).toMatchObject({ passed: false, syntax_ok: true, hosts: { sandbox: { ok: 1, changed: 1, failed: 1, skipped: 0, unreachable: 0 } } });
    expect(result.tasks).toEqual([
      { play: 'Web', name: 'one', host: 'sandbox', status: 'changed', duration_ms: 5 },
      { play: 'Web', name: 'two', host: 'sandbox', status: 'failed', duration_ms: 7, message: 'boom' },
    ]);
  });
});
