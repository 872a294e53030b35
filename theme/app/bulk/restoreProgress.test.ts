// Following a restore the engine carries out: the polling, its end, its errors, and what a page
// takes up again after a reload.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  type FollowedRestores,
  isBeingRestored,
  pollRestore,
  RESTORE_POLL_MS,
  RestoreFollower,
  restorePercent,
  restoreProcessed,
  restoresToFollow,
} from "./restoreProgress";
import type { BulkImport, RestoreCounts } from "./types";

const counts = (remaining: number, asked = 20000): RestoreCounts => ({
  asked,
  remaining,
  restored: asked - remaining,
  notPending: 0,
  notAllowed: 0,
  done: remaining === 0,
});

/** A read that answers the given counts one after the other (the last one again after that). */
function reads(...answers: (RestoreCounts | Error)[]) {
  let i = 0;
  const read = vi.fn(async () => {
    const answer = answers[Math.min(i++, answers.length - 1)];
    if (answer instanceof Error) throw answer;
    return answer;
  });
  return read;
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe("the counts", () => {
  it("count what the engine has dealt with, of what was asked", () => {
    expect(restoreProcessed(counts(19000))).toBe(1000);
    expect(restorePercent(counts(19000))).toBe(5);
    expect(restorePercent(counts(1, 3))).toBe(66);
    expect(restorePercent(counts(0))).toBe(100);
    // Nobody asked for (nothing was pending): complete, not a division by zero.
    expect(restorePercent(counts(0, 0))).toBe(100);
    // A server that counted too far never shows more than all.
    expect(restoreProcessed({ asked: 5, remaining: -2 })).toBe(5);
  });

  it("say an import is being restored only while its restores are not done", () => {
    expect(isBeingRestored({ restore: counts(10) })).toBe(true);
    expect(isBeingRestored({ restore: counts(0) })).toBe(false);
    expect(isBeingRestored({ restore: null })).toBe(false);
    expect(isBeingRestored({})).toBe(false);
    expect(isBeingRestored(undefined)).toBe(false);
  });

  it("take up after a reload the restores under way, not those followed or seen ending", () => {
    const imp = (id: string, restore?: RestoreCounts): BulkImport => ({
      id,
      action: "DELETE",
      matchBy: "EMAIL",
      status: "SCHEDULED",
      restore,
    });
    const list = [
      imp("running", counts(10)),
      imp("followed", counts(10)),
      imp("ended-here", counts(10)),
      imp("done", counts(0)),
      imp("never"),
    ];
    expect(
      restoresToFollow(list, new Set(["followed"]), new Set(["ended-here"])),
    ).toEqual([list[0]]);
    expect(restoresToFollow(undefined, new Set(), new Set())).toEqual([]);
  });
});

describe("pollRestore", () => {
  it("reads every second until done, one read at a time", async () => {
    const read = reads(counts(15000), counts(5000), counts(0));
    const onProgress = vi.fn();
    const onDone = vi.fn();
    const onError = vi.fn();
    pollRestore(read, { onProgress, onDone, onError });
    expect(read).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(RESTORE_POLL_MS - 1);
    expect(read).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(read).toHaveBeenCalledTimes(1);
    expect(onProgress).toHaveBeenLastCalledWith(counts(15000));
    await vi.advanceTimersByTimeAsync(RESTORE_POLL_MS);
    expect(onProgress).toHaveBeenLastCalledWith(counts(5000));
    await vi.advanceTimersByTimeAsync(RESTORE_POLL_MS);
    expect(onDone).toHaveBeenCalledWith(counts(0));
    expect(onProgress).toHaveBeenCalledTimes(2);
    // Done: no more reads.
    await vi.advanceTimersByTimeAsync(10 * RESTORE_POLL_MS);
    expect(read).toHaveBeenCalledTimes(3);
    expect(onError).not.toHaveBeenCalled();
  });

  it("waits for a slow read before the next one", async () => {
    let answer: (c: RestoreCounts) => void = () => undefined;
    const read = vi.fn(
      () => new Promise<RestoreCounts>((resolve) => (answer = resolve)),
    );
    const onProgress = vi.fn();
    pollRestore(read, { onProgress, onDone: vi.fn(), onError: vi.fn() });
    await vi.advanceTimersByTimeAsync(5 * RESTORE_POLL_MS);
    expect(read).toHaveBeenCalledTimes(1);
    answer(counts(100));
    await vi.advanceTimersByTimeAsync(0);
    expect(onProgress).toHaveBeenCalledWith(counts(100));
    await vi.advanceTimersByTimeAsync(RESTORE_POLL_MS);
    expect(read).toHaveBeenCalledTimes(2);
  });

  it("stops at the first failed read and says why", async () => {
    const failure = new Error("offline");
    const read = reads(counts(100), failure, counts(0));
    const onError = vi.fn();
    const onDone = vi.fn();
    pollRestore(read, { onProgress: vi.fn(), onDone, onError });
    await vi.advanceTimersByTimeAsync(10 * RESTORE_POLL_MS);
    expect(onError).toHaveBeenCalledExactlyOnceWith(failure);
    expect(read).toHaveBeenCalledTimes(2);
    expect(onDone).not.toHaveBeenCalled();
  });

  it("reports nothing after stop, not even a read already under way", async () => {
    let answer: (c: RestoreCounts) => void = () => undefined;
    const read = vi.fn(
      () => new Promise<RestoreCounts>((resolve) => (answer = resolve)),
    );
    const handlers = { onProgress: vi.fn(), onDone: vi.fn(), onError: vi.fn() };
    const stop = pollRestore(read, handlers);
    await vi.advanceTimersByTimeAsync(RESTORE_POLL_MS);
    stop();
    answer(counts(0));
    await vi.advanceTimersByTimeAsync(10 * RESTORE_POLL_MS);
    expect(handlers.onDone).not.toHaveBeenCalled();
    expect(handlers.onProgress).not.toHaveBeenCalled();
    expect(read).toHaveBeenCalledTimes(1);
  });

  it("reads nothing when stopped before the first read (the page went at once)", async () => {
    const read = reads(counts(0));
    pollRestore(read, {
      onProgress: vi.fn(),
      onDone: vi.fn(),
      onError: vi.fn(),
    })();
    await vi.advanceTimersByTimeAsync(10 * RESTORE_POLL_MS);
    expect(read).not.toHaveBeenCalled();
  });
});

describe("RestoreFollower", () => {
  function follower() {
    const seen: FollowedRestores[] = [];
    const done: [string, RestoreCounts][] = [];
    const f = new RestoreFollower({
      changed: (entries) => seen.push(entries),
      done: (key, c) => done.push([key, c]),
      describe: (e) => `failed: ${(e as Error).message}`,
    });
    return { f, seen, done };
  }

  it("shows the 202's counts at once, then each read, and reports the end once", async () => {
    const { f, seen, done } = follower();
    const read = reads(counts(10000), counts(0));
    f.follow("imp-1", counts(19000), read);
    expect(f.followed).toEqual({ "imp-1": { counts: counts(19000) } });
    expect(f.isFollowing("imp-1")).toBe(true);
    await vi.advanceTimersByTimeAsync(RESTORE_POLL_MS);
    expect(f.followed["imp-1"].counts).toEqual(counts(10000));
    await vi.advanceTimersByTimeAsync(RESTORE_POLL_MS);
    expect(done).toEqual([["imp-1", counts(0)]]);
    expect(f.followed).toEqual({});
    expect(f.isFollowing("imp-1")).toBe(false);
    // Each change went to the page, the last one without the key.
    expect(seen.at(-1)).toEqual({});
    expect(seen).toHaveLength(3);
  });

  it("reports a restore that is done at once without reading it again", async () => {
    const { f, done } = follower();
    const read = reads(counts(0, 1));
    f.follow("u1", counts(0, 1), read);
    expect(done).toEqual([["u1", counts(0, 1)]]);
    await vi.advanceTimersByTimeAsync(5 * RESTORE_POLL_MS);
    expect(read).not.toHaveBeenCalled();
    expect(f.followed).toEqual({});
  });

  it("follows several keys side by side, each to its own end", async () => {
    const { f, done } = follower();
    f.follow("a", counts(10), reads(counts(5), counts(0)));
    f.follow("b", counts(10), reads(counts(0)));
    await vi.advanceTimersByTimeAsync(RESTORE_POLL_MS);
    expect(done.map(([key]) => key)).toEqual(["b"]);
    expect(Object.keys(f.followed)).toEqual(["a"]);
    await vi.advanceTimersByTimeAsync(RESTORE_POLL_MS);
    expect(done.map(([key]) => key)).toEqual(["b", "a"]);
  });

  it("keeps the last counts and the error of a failed read, and stops; forget drops it", async () => {
    const { f, done } = follower();
    const read = reads(counts(500), new Error("502"));
    f.follow("imp-2", counts(1000), read);
    await vi.advanceTimersByTimeAsync(5 * RESTORE_POLL_MS);
    expect(f.followed).toEqual({
      "imp-2": { counts: counts(500), error: "failed: 502" },
    });
    expect(f.isFollowing("imp-2")).toBe(false);
    expect(read).toHaveBeenCalledTimes(2);
    expect(done).toEqual([]);
    f.forget("imp-2");
    expect(f.followed).toEqual({});
  });

  it("follows a key anew with the newer restore: the older poll stops", async () => {
    const { f, done } = follower();
    const older = reads(counts(50));
    const newer = reads(counts(0));
    f.follow("imp-3", counts(100), older);
    f.follow("imp-3", counts(60), newer);
    await vi.advanceTimersByTimeAsync(3 * RESTORE_POLL_MS);
    expect(older).not.toHaveBeenCalled();
    expect(done).toEqual([["imp-3", counts(0)]]);
  });

  it("stops every poll when the page goes", async () => {
    const { f, done } = follower();
    const read = reads(counts(0));
    f.follow("a", counts(10), read);
    f.follow("b", counts(10), read);
    f.stopAll();
    await vi.advanceTimersByTimeAsync(5 * RESTORE_POLL_MS);
    expect(read).not.toHaveBeenCalled();
    expect(done).toEqual([]);
  });
});
