import { useT } from "../i18n/index.ts";
import { categoryName } from "../format.ts";
import type { CategoryCount } from "../hooks/useCategories.ts";
import { FilterSelect } from "./FilterSelect.tsx";

type CategoryFilterProps = {
  value: string;
  categories: CategoryCount[];
  onChange: (category: string) => void;
};

export function CategoryFilter({ value, categories, onChange }: CategoryFilterProps) {
  const { t } = useT();
  return (
    <FilterSelect
      label={t("common.category")}
      allLabel={t("common.allCategories")}
      testId="category-filter"
      value={value}
      options={categories.map(({ name, battles }) => ({ value: name, battles }))}
      nameOf={categoryName}
      onChange={onChange}
    />
  );
}
