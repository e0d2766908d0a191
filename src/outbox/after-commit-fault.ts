import type { AfterCommitFault } from '../config.ts';
import type { CommittedChanges } from './committed-changes.ts';

/**
 * Wraps the after-commit callback with a test-only `fault` (see `AFTER_COMMIT_FAULTS`), to prove without relying
 * on luck that nothing committed is lost; without a fault it is returned unchanged.
 */
export function withAfterCommitFault(
  fault: AfterCommitFault | undefined,
  next: (changes: CommittedChanges) => void,
  onDropped: () => void,
): (changes: CommittedChanges) => void {
  if (fault === 'kill') return () => process.kill(process.pid, 'SIGKILL');
  if (fault === 'fail-publish') return () => onDropped();
  return next;
}
