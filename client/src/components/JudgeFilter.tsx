import type { JudgeSummary } from "@arena/shared/judges";

import { useT } from "../i18n/index.ts";
import { FilterSelect } from "./FilterSelect.tsx";

type JudgeFilterProps = {
  /** The server's judges (null while loading). */
  judges: readonly JudgeSummary[] | null;
  /** The shown table's judge, "" for the people's votes. */
  judge: string;
  onChange: (judge: string) => void;
};

/**
 * Whose verdicts the table rates: the people's, or one LLM judge's (with how many battles it judged).
 * Absent on a server without judges, unless the URL names one (so there is a way back to the people).
 */
export function JudgeFilter({ judges, judge, onChange }: JudgeFilterProps) {
  const { t } = useT();
  if ((judges === null || judges.length === 0) && judge === "") return null;
  return (
    <FilterSelect
      label={t("judges.filter")}
      allLabel={t("judges.people")}
      testId="judge-filter"
      value={judge}
      options={(judges ?? []).map(({ id, judged }) => ({ value: id, battles: judged }))}
      nameOf={(id) => id}
      onChange={onChange}
    />
  );
}
