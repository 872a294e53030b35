// The one way a restore door follows the restores it started (or found running): each by a key of
// the door's choosing (an import's id, a user's id), read every second until done. The bookkeeping
// is RestoreFollower's (restoreProgress.ts, unit-tested); this hook gives it the page's state.
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorText } from "./logic";
import {
  RestoreFollower,
  type FollowedRestore,
  type FollowedRestores,
} from "./restoreProgress";
import type { RestoreCounts } from "./types";

export type { FollowedRestore };

/**
 * `follow(key, counts, read)` shows `counts` and reads again with `read` every second until the
 * restore is done, then calls `onDone(key, counts)` and forgets the key. A failed read keeps the key
 * with its error and stops; `forget(key)` drops it. Every poll stops when the page goes.
 */
export function useRestoreProgress(
  onDone: (key: string, counts: RestoreCounts) => void,
) {
  const { t } = useTranslation();
  const [followed, setFollowed] = useState<FollowedRestores>({});
  // The latest callbacks, so that a poll started earlier reports to the page as it is now.
  const latest = useRef({ onDone, t });
  latest.current = { onDone, t };
  const [follower] = useState(
    () =>
      new RestoreFollower({
        changed: setFollowed,
        done: (key, counts) => latest.current.onDone(key, counts),
        describe: (e) => errorText(latest.current.t, e),
      }),
  );
  useEffect(() => () => follower.stopAll(), [follower]);

  const follow = useCallback(
    (key: string, counts: RestoreCounts, read: () => Promise<RestoreCounts>) =>
      follower.follow(key, counts, read),
    [follower],
  );
  const forget = useCallback((key: string) => follower.forget(key), [follower]);
  /** Whether the key's restore is being read now (not ended, not stopped by an error). */
  const isFollowing = useCallback(
    (key: string) => !!followed[key] && !followed[key].error,
    [followed],
  );

  return { followed, follow, forget, isFollowing };
}
