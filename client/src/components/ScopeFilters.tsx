import { categoryName, languageName } from "../format.ts";
import { useCategories } from "../hooks/useCategories.ts";
import { useLanguages } from "../hooks/useLanguages.ts";
import { useT } from "../i18n/index.ts";
import { FilterSelect } from "./FilterSelect.tsx";

type ScopeFiltersProps = {
  /** The shown table's language and category, "" for all. */
  language: string;
  category: string;
  /** Gets the whole new scope, so the page can build its URL from it. */
  onChange: (language: string, category: string) => void;
};

/**
 * The leaderboard's and the model page's two filters, language then category, each listing the
 * values that have votes. Fragments, not a wrapper: the leaderboard puts its style switch beside them.
 */
export function ScopeFilters({ language, category, onChange }: ScopeFiltersProps) {
  const { t } = useT();
  const languages = useLanguages();
  const categories = useCategories();
  return (
    <>
      <FilterSelect
        label={t("common.language")}
        allLabel={t("common.allLanguages")}
        testId="language-filter"
        value={language}
        options={languages.map(({ code, battles }) => ({ value: code, battles }))}
        nameOf={languageName}
        onChange={(next) => onChange(next, category)}
      />
      <FilterSelect
        label={t("common.category")}
        allLabel={t("common.allCategories")}
        testId="category-filter"
        value={category}
        options={categories.map(({ name, battles }) => ({ value: name, battles }))}
        nameOf={categoryName}
        onChange={(next) => onChange(language, next)}
      />
    </>
  );
}
