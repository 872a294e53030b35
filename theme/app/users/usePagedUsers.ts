// One page of a server-paged user list, reloaded on demand; when an action empties the last page,
// the page before it is shown instead.
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorText } from "../bulk/logic";

export type UserPage<T> = { users: T[]; total: number };

export function usePagedUsers<T>(
  fetchPage: (first: number, max: number) => Promise<UserPage<T>>,
) {
  const { t } = useTranslation();
  const [first, setFirst] = useState(0);
  const [max, setMax] = useState(20);
  const [page, setPage] = useState<UserPage<T>>();
  const [error, setError] = useState<string>();
  const [tick, setTick] = useState(0);

  const load = useCallback(async () => {
    try {
      const found = await fetchPage(first, max);
      if (found.users.length === 0 && first > 0) {
        setFirst(Math.max(0, first - max));
        return;
      }
      setPage(found);
      setError(undefined);
    } catch (e) {
      setError(errorText(t, e));
    }
  }, [fetchPage, first, max, t]);

  useEffect(() => {
    void load();
  }, [load, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  const setPerPage = useCallback((perPage: number) => {
    setMax(perPage);
    setFirst(0);
  }, []);

  return {
    first,
    setFirst,
    max,
    setPerPage,
    page,
    users: page?.users ?? [],
    error,
    setError,
    reload,
  };
}
