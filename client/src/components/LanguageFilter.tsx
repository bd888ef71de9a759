import { useT } from "../i18n/index.ts";
import { languageName } from "../format.ts";
import type { LanguageCount } from "../hooks/useLanguages.ts";
import { FilterSelect } from "./FilterSelect.tsx";

type LanguageFilterProps = {
  value: string;
  languages: LanguageCount[];
  onChange: (language: string) => void;
};

export function LanguageFilter({ value, languages, onChange }: LanguageFilterProps) {
  const { t } = useT();
  return (
    <FilterSelect
      label={t("common.language")}
      allLabel={t("common.allLanguages")}
      testId="language-filter"
      value={value}
      options={languages.map(({ code, battles }) => ({ value: code, battles }))}
      nameOf={languageName}
      onChange={onChange}
    />
  );
}
