import { useId } from "react";

import { formatCount } from "../format.ts";

type FilterSelectProps = {
  label: string;
  /** The "no filter" option's text. */
  allLabel: string;
  testId: string;
  value: string;
  /** The values with votes, most first. */
  options: ReadonlyArray<{ value: string; battles: number }>;
  /** How a value is shown (a language's name, a category's translation). */
  nameOf: (value: string) => string;
  onChange: (value: string) => void;
};

/** One leaderboard filter: "all", then each value with its vote count. */
export function FilterSelect({ label, allLabel, testId, value, options, nameOf, onChange }: FilterSelectProps) {
  const id = useId();
  // A value from the URL may have no votes yet (or not be loaded yet); it is still the filter.
  const listed = value === "" || options.some((option) => option.value === value);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} data-testid={testId} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{allLabel}</option>
        {!listed && <option value={value}>{nameOf(value)}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {nameOf(option.value)} ({formatCount(option.battles)})
          </option>
        ))}
      </select>
    </div>
  );
}
