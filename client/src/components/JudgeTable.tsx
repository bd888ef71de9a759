import type { ReactNode } from "react";

type JudgeTableProps = {
  /** Said to screen readers: what the table compares. */
  caption: string;
  /** The rows' header column first, then the number columns. */
  columns: readonly [string, ...string[]];
  testId?: string;
  children: ReactNode;
};

/** The judges' tables (the overview beside the leaderboard, a judge's own panel): a name column, then numbers. */
export function JudgeTable({ caption, columns: [first, ...numbers], testId, children }: JudgeTableProps) {
  return (
    <div className="table-scroll">
      <table className="leaderboard judge-table" data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{first}</th>
            {numbers.map((column) => (
              <th key={column} scope="col" className="num">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
