import { useId } from "react";
import { languageName } from "../format.ts";
import type { LanguageCount } from "../hooks/useLanguages.ts";

type LanguageFilterProps = {
  value: string;
  languages: LanguageCount[];
  onChange: (language: string) => void;
};

export function LanguageFilter({ value, languages, onChange }: LanguageFilterProps) {
  const id = useId();
  // A language from the URL may have no votes yet (or not be loaded yet); it is still the filter.
  const listed = value === "" || languages.some((language) => language.code === value);

  return (
    <div className="field">
      <label htmlFor={id}>Language</label>
      <select id={id} data-testid="language-filter" value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">All languages</option>
        {!listed && <option value={value}>{languageName(value)}</option>}
        {languages.map(({ code, battles }) => (
          <option key={code} value={code}>
            {languageName(code)} ({battles})
          </option>
        ))}
      </select>
    </div>
  );
}
