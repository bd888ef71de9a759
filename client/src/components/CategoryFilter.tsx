import { useId } from "react";
import { useT } from "../i18n/index.ts";
import { categoryName, formatCount } from "../format.ts";
import type { CategoryCount } from "../hooks/useCategories.ts";

type CategoryFilterProps = {
  value: string;
  categories: CategoryCount[];
  onChange: (category: string) => void;
};

export function CategoryFilter({ value, categories, onChange }: CategoryFilterProps) {
  const { t } = useT();
  const id = useId();
  // A category from the URL may have no votes yet (or not be loaded yet); it is still the filter.
  const listed = value === "" || categories.some((category) => category.name === value);

  return (
    <div className="field">
      <label htmlFor={id}>{t("common.category")}</label>
      <select id={id} data-testid="category-filter" value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{t("common.allCategories")}</option>
        {!listed && <option value={value}>{categoryName(value)}</option>}
        {categories.map(({ name, battles }) => (
          <option key={name} value={name}>
            {categoryName(name)} ({formatCount(battles)})
          </option>
        ))}
      </select>
    </div>
  );
}
