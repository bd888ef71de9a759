import { useId } from "react";
import { categoryName } from "../format.ts";
import type { CategoryCount } from "../hooks/useCategories.ts";

type CategoryFilterProps = {
  value: string;
  categories: CategoryCount[];
  onChange: (category: string) => void;
};

export function CategoryFilter({ value, categories, onChange }: CategoryFilterProps) {
  const id = useId();
  // A category from the URL may have no votes yet (or not be loaded yet); it is still the filter.
  const listed = value === "" || categories.some((category) => category.name === value);

  return (
    <div className="field">
      <label htmlFor={id}>Category</label>
      <select id={id} data-testid="category-filter" value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">All categories</option>
        {!listed && <option value={value}>{categoryName(value)}</option>}
        {categories.map(({ name, battles }) => (
          <option key={name} value={name}>
            {categoryName(name)} ({battles})
          </option>
        ))}
      </select>
    </div>
  );
}
