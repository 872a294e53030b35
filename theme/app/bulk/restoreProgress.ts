// Following a restore while the server's engine carries it out in batches: pure helpers, free of
// React, so that the polling is unit-tested with fake timers (useRestoreProgress wraps them).
import type { BulkImport, RestoreCounts } from "./types";

/** How often a restore is read while it runs. */
export const RESTORE_POLL_MS = 1000;

/** Users of a restore the engine has dealt with so far: restored, not pending, not allowed, failed. */
export function restoreProcessed(
  counts: Pick<RestoreCounts, "asked" | "remaining">,
): number {
  return Math.max(0, counts.asked - Math.max(0, counts.remaining));
}

/** A restore's progress in whole percent; a restore that asked for nobody is complete. */
export function restorePercent(
  counts: Pick<RestoreCounts, "asked" | "remaining">,
): number {
  if (counts.asked <= 0) return 100;
  return Math.min(
    100,
    Math.floor((restoreProcessed(counts) * 100) / counts.asked),
  );
}

/** Whether the engine is still restoring users of this import (reload-safe: the server says so). */
export function isBeingRestored(
  imp: Pick<BulkImport, "restore"> | undefined,
): boolean {
  return !!imp?.restore && !imp.restore.done;
}

/**
 * The imports of a list whose restore a page should start following: being restored, and neither
 * followed already nor ended while the page watched (a list read before the end may still say
 * "running").
 */
export function restoresToFollow(
  imports: readonly BulkImport[] | undefined,
  followed: ReadonlySet<string>,
  ended: ReadonlySet<string>,
): BulkImport[] {
  return (imports ?? []).filter(
    (imp) =>
      isBeingRestored(imp) && !followed.has(imp.id) && !ended.has(imp.id),
  );
}

export type RestorePollHandlers<T extends RestoreCounts> = {
  /** A read that is not done yet. */
  onProgress: (counts: T) => void;
  /** The read that says done; polling has stopped. */
  onDone: (counts: T) => void;
  /** A read failed; polling has stopped (the server goes on regardless). */
  onError: (error: unknown) => void;
};

/**
 * Reads a restore every `intervalMs` until it is done, one read at a time. Returns a stop function:
 * after it, no handler is called, not even for a read already under way.
 */
export function pollRestore<T extends RestoreCounts>(
  read: () => Promise<T>,
  handlers: RestorePollHandlers<T>,
  intervalMs = RESTORE_POLL_MS,
): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const next = () => {
    timer = setTimeout(async () => {
      let counts: T;
      try {
        counts = await read();
      } catch (e) {
        if (!stopped) {
          stopped = true;
          handlers.onError(e);
        }
        return;
      }
      if (stopped) return;
      if (counts.done) {
        stopped = true;
        handlers.onDone(counts);
        return;
      }
      handlers.onProgress(counts);
      next();
    }, intervalMs);
  };
  next();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/** A restore a page follows: what the last read said, and why following stopped early, if it did. */
export type FollowedRestore = {
  counts: RestoreCounts;
  /** A read failed: following stopped (the restore itself goes on on the server). */
  error?: string;
};

export type FollowedRestores = Readonly<Record<string, FollowedRestore>>;

/**
 * The restores one page follows, each by a key of the page's choosing (an import's id, a user's id):
 * `follow` shows the counts it is given and reads again every `intervalMs` until done, then reports
 * `done(key, counts)` and forgets the key. A failed read keeps the key with its error and stops.
 * Every change of the entries goes to `changed`, for the page's state.
 */
export class RestoreFollower {
  private entries: FollowedRestores = {};
  private readonly stops = new Map<string, () => void>();

  constructor(
    private readonly on: {
      changed: (entries: FollowedRestores) => void;
      done: (key: string, counts: RestoreCounts) => void;
      /** The text of a failed read's error, for the page. */
      describe: (error: unknown) => string;
    },
    private readonly intervalMs = RESTORE_POLL_MS,
  ) {}

  get followed(): FollowedRestores {
    return this.entries;
  }

  /** Whether the key's restore is being read now (not ended, not stopped by an error). */
  isFollowing(key: string): boolean {
    return this.stops.has(key);
  }

  follow(
    key: string,
    counts: RestoreCounts,
    read: () => Promise<RestoreCounts>,
  ) {
    this.stop(key);
    if (counts.done) {
      this.set(key, undefined);
      this.on.done(key, counts);
      return;
    }
    this.set(key, { counts });
    const stop = pollRestore(
      read,
      {
        onProgress: (now) => this.set(key, { counts: now }),
        onDone: (now) => {
          this.stops.delete(key);
          this.set(key, undefined);
          this.on.done(key, now);
        },
        onError: (e) => {
          this.stops.delete(key);
          this.set(key, {
            counts: this.entries[key]?.counts ?? counts,
            error: this.on.describe(e),
          });
        },
      },
      this.intervalMs,
    );
    this.stops.set(key, stop);
  }

  /** Stops following the key and drops what is known of it. */
  forget(key: string) {
    this.stop(key);
    this.set(key, undefined);
  }

  /** Stops every poll (the page goes); the entries stay as they are. */
  stopAll() {
    for (const stop of this.stops.values()) stop();
    this.stops.clear();
  }

  private stop(key: string) {
    this.stops.get(key)?.();
    this.stops.delete(key);
  }

  private set(key: string, entry: FollowedRestore | undefined) {
    const next = { ...this.entries };
    if (entry) next[key] = entry;
    else delete next[key];
    this.entries = next;
    this.on.changed(next);
  }
}
