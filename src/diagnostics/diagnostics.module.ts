import { Injectable, Module, Type } from '@nestjs/common';
import { TaskHandler, TaskHandlerFor } from '../executor/task-handler';
import { workFile } from '../executor/worker-pool';
import type { Task } from '../tasks/task.entity';

export const DIAGNOSTIC_TYPES = ['noop', 'sleep', 'fail', 'stubborn', 'child'] as const;

/** One handler class per diagnostic type: its work function has the type's name. */
function diagnosticHandler(type: string): Type<TaskHandler> {
  @Injectable()
  @TaskHandlerFor({ type: `diag.${type}`, timeoutSeconds: 600 })
  class DiagnosticHandler implements TaskHandler {
    readonly work = { file: workFile(__dirname, 'diagnostic.worker'), fn: type };

    /** The attempt rides along so that multi-process tests can count handler runs per attempt. */
    prepare(task: Task): unknown {
      return { ...task.payload, attempt: { id: task.id, n: task.attempt } };
    }

    /** Tests set a short limit per task. */
    timeoutMs(task: Task): number {
      return Number(task.payload.timeout_ms ?? 600_000);
    }
  }
  return DiagnosticHandler;
}

/** Task types `diag.noop`, `diag.sleep`, … for tests and benchmarks of the executor. */
@Module({ providers: DIAGNOSTIC_TYPES.map(diagnosticHandler) })
export class DiagnosticsModule {}
