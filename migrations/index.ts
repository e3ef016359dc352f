import { CreateTasks1764374400000 } from './1764374400000-CreateTasks';
import { CreatePlaybooks1764374400001 } from './1764374400001-CreatePlaybooks';
import { CreateTelemetryEvents1764374400002 } from './1764374400002-CreateTelemetryEvents';
import { CreateAppSecrets1764374400003 } from './1764374400003-CreateAppSecrets';
import { CreateClaimableTasks1764374400004 } from './1764374400004-CreateClaimableTasks';
import { CleanupVacuumSettings1764374400005 } from './1764374400005-CleanupVacuumSettings';
import { CreateClaimableTasksOfTypes1764374400006 } from './1764374400006-CreateClaimableTasksOfTypes';
import { ClaimFunctionsInPlpgsql1764374400007 } from './1764374400007-ClaimFunctionsInPlpgsql';
import { CreateProjects1764374400008 } from './1764374400008-CreateProjects';

/**
 * Listed explicitly rather than globbed: the same list then works from `src` under Jest/tsx and
 * from `dist` in production, and a migration can never be skipped by a file-name pattern.
 */
export const MIGRATIONS = [
  CreateTasks1764374400000,
  CreatePlaybooks1764374400001,
  CreateTelemetryEvents1764374400002,
  CreateAppSecrets1764374400003,
  CreateClaimableTasks1764374400004,
  CleanupVacuumSettings1764374400005,
  CreateClaimableTasksOfTypes1764374400006,
  ClaimFunctionsInPlpgsql1764374400007,
  CreateProjects1764374400008,
];
