import type { ReactNode } from "react";

import type { AdminApiError } from "./adminApi.ts";
import { AdminError } from "./AdminConsole.tsx";
import { useAdminText } from "./adminText.ts";
import { Pager, type PagerProps } from "./Pager.tsx";

type Props = {
  /** The last read's failure (the last rows stay shown under it). */
  error: AdminApiError | null;
  /** How many rows there are in all (on every page); null before the first answer. */
  total: number | null;
  /** Said instead of the table when there are none. */
  empty: string;
  /** A new read is under way: the rows shown are the last ones. */
  busy: boolean;
  testId: string;
  columns: readonly string[];
  /** The rows, each with a `th scope="row"` first. */
  children: ReactNode;
  /** For a list read a page at a time. */
  pager?: PagerProps;
};

/** A list the console read from the admin API: its failure, "none", or the table (and its pager). */
export function AdminTable({ error, total, empty, busy, testId, columns, children, pager }: Props) {
  const { text } = useAdminText();
  return (
    <>
      <AdminError error={error} text={text} />
      {total === 0 && <p>{empty}</p>}
      {total !== null && total > 0 && (
        <>
          <div className="table-scroll">
            <table className="admin-table" data-testid={testId} aria-busy={busy}>
              <thead>
                <tr>
                  {columns.map((column) => (
                    <th key={column} scope="col">
                      {column}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>{children}</tbody>
            </table>
          </div>
          {pager && <Pager {...pager} />}
        </>
      )}
    </>
  );
}
