import type { CommittedChanges } from '../realtime/publish-after-commit.ts';

/**
 * Test-only faults right after a COMMIT, to prove that nothing committed is lost without relying on luck:
 * `kill` ends the process with SIGKILL before anything is published; `fail-publish` drops the publish as if
 * Redis had refused it. Configuration refuses both in production.
 */
export const AFTER_COMMIT_FAULTS = ['kill', 'fail-publish'] as const;
export type AfterCommitFault = (typeof AFTER_COMMIT_FAULTS)[number];

/** Wraps the after-commit callback with `fault`; without a fault it is returned unchanged. */
export function withAfterCommitFault(
  fault: AfterCommitFault | undefined,
  next: (changes: CommittedChanges) => void,
  onDropped: () => void,
): (changes: CommittedChanges) => void {
  if (fault === 'kill') return () => process.kill(process.pid, 'SIGKILL');
  if (fault === 'fail-publish') return () => onDropped();
  return next;
}
