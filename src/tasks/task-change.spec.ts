import { pack } from './task-change.publisher';
import { sequenceOf, type TaskChange } from './task-change';

const change = (i: number): TaskChange => ({
  task_id: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`, user_id: 'alice', type: 'lint', status: 'running',
  progress: 50, attempt: 1, details: { step: 'x'.repeat(200) }, error: null, cancel_requested: false, seq: 1050,
});

describe('task changes', () => {
  it('packs many changes into as few NOTIFY payloads as fit under 8000 bytes, losing none', () => {
    const changes = Array.from({ length: 200 }, (_, i) => change(i));
    const payloads = pack(changes);
    expect(payloads.length).toBeGreaterThan(1);
    expect(payloads.length).toBeLessThanOrEqual(Math.ceil((JSON.stringify(changes).length / 7900) * 1.1) + 1);
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThan(8000);
    expect(payloads.flatMap((p) => JSON.parse(p))).toEqual(changes);
  });

  it('orders a task’s states: pending, running by progress, cancel requested, retry, next attempt, finished', () => {
    const s = (status: TaskChange['status'], attempt: number, progress = 0, cancel_requested = false) =>
      sequenceOf({ status, attempt, progress, cancel_requested });
    const path = [s('pending', 0), s('running', 1, 0), s('running', 1, 60), s('pending', 1), s('running', 2, 10),
      s('running', 2, 10, true), s('canceled', 2)];
    expect(path).toEqual([...path].sort((x, y) => x - y));
    expect(new Set(path).size).toBe(path.length);
    expect(s('canceled', 0)).toBeGreaterThan(s('pending', 0));
  });
});
