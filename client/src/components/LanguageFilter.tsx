import { useId } from "react";
import { useT } from "../i18n/index.ts";
import { formatCount, languageName } from "../format.ts";
import type { LanguageCount } from "../hooks/useLanguages.ts";

type LanguageFilterProps = {
  value: string;
  languages: LanguageCount[];
  onChange: (language: string) => void;
};

export function LanguageFilter({ value, languages, onChange }: LanguageFilterProps) {
  const { t } = useT();
  const id = useId();
  // A language from the URL may have no votes yet (or not be loaded yet); it is still the filter.
  const listed = value === "" || languages.some((language) => language.code === value);

  return (
    <div className="field">
      <label htmlFor={id}>{t("common.language")}</label>
      <select id={id} data-testid="language-filter" value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{t("common.allLanguages")}</option>
        {!listed && <option value={value}>{languageName(value)}</option>}
        {languages.map(({ code, battles }) => (
          <option key={code} value={code}>
            {languageName(code)} ({formatCount(battles)})
          </option>
        ))}
      </select>
    </div>
  );
}
