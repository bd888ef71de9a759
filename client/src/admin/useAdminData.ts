import { useEffect, useEffectEvent, useState } from "react";

import { AdminApiError, adminApiErrorOf } from "./adminApi.ts";

export type AdminData<T> = { data: T | null; error: AdminApiError | null; loading: boolean };

/**
 * What `load` answers, fetched again whenever `key` changes (a page, an order, the console's
 * revision after an action). A 401 means the token stopped being valid (the server was restarted
 * with another): `onUnauthorized` signs the console out.
 */
export function useAdminData<T>(key: string, load: () => Promise<T>, onUnauthorized: () => void): AdminData<T> {
  const [state, setState] = useState<AdminData<T> & { key: string | null }>({
    key: null,
    data: null,
    error: null,
    loading: true,
  });
  const run = useEffectEvent(load);
  const signOut = useEffectEvent(onUnauthorized);

  useEffect(() => {
    let current = true;
    run().then(
      (data) => current && setState({ key, data, error: null, loading: false }),
      (error: unknown) => {
        if (!current) return;
        if (error instanceof AdminApiError && error.status === 401) signOut();
        const failure = adminApiErrorOf(error);
        setState((before) => ({ key, data: before.data, error: failure, loading: false }));
      },
    );
    return () => {
      current = false;
    };
  }, [key]);

  // Between a new key and its answer the last data stays on screen, marked as loading.
  return { data: state.data, error: state.error, loading: state.key !== key };
}

/** What `load` answers, read again on `refresh()` (a section's Refresh button, or after its own action). */
export function useRefreshedAdminData<T>(
  load: () => Promise<T>,
  onUnauthorized: () => void,
): AdminData<T> & { refresh: () => void } {
  const [reads, setReads] = useState(0);
  const data = useAdminData(String(reads), load, onUnauthorized);
  return { ...data, refresh: () => setReads((value) => value + 1) };
}
