import "./leaderboardDepth.css";

import { useId } from "react";

import { useT } from "../i18n/index.ts";
import { utcDay } from "../rankChanges.ts";

type AsOfPickerProps = {
  /** The day shown, `YYYY-MM-DD`; "" for today's live table. */
  at: string;
  /** A day, or "" for today. */
  onChange: (at: string) => void;
};

/** The leaderboard's "as of" day: a date input (no later than today, UTC) and a way back to today. */
export function AsOfPicker({ at, onChange }: AsOfPickerProps) {
  const { t } = useT();
  const inputId = useId();
  const today = utcDay(new Date());
  return (
    <div className="as-of">
      <label htmlFor={inputId}>
        {t("depth.asOf.label")}
        <input
          id={inputId}
          type="date"
          data-testid="as-of"
          value={at}
          max={today}
          title={t("depth.asOf.pick")}
          // A date input reports "" while its value is incomplete: only a whole day (or a cleared
          // field) changes the view.
          onChange={(event) => {
            const value = event.currentTarget.value;
            if (value === "" || (/^\d{4}-\d{2}-\d{2}$/.test(value) && value <= today)) onChange(value);
          }}
        />
      </label>
      {at !== "" && (
        <button type="button" className="button" data-testid="as-of-today" onClick={() => onChange("")}>
          {t("depth.asOf.today")}
        </button>
      )}
    </div>
  );
}
