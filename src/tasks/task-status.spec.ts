import { canMove, isFinished, TASK_STATUSES } from './task-status';

describe('task lifecycle', () => {
  it('allows exactly the moves of DESIGN.md §2', () => {
    const moves = TASK_STATUSES.flatMap((from) => TASK_STATUSES.filter((to) => canMove(from, to)).map((to) => `${from}→${to}`));
    expect(moves.sort()).toEqual([
      'pending→canceled', 'pending→running',
      'running→canceled', 'running→completed', 'running→failed', 'running→pending',
    ]);
  });

  it('treats completed, failed and canceled as final', () => {
    expect(TASK_STATUSES.filter(isFinished)).toEqual(['completed', 'failed', 'canceled']);
  });
});
