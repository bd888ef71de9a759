import type { CategoriesResponse } from "@arena/shared/protocol";

import { useRefetchedJson } from "./useRefetchedJson.ts";

export type CategoryCount = CategoriesResponse["categories"][number];

const NONE: CategoryCount[] = [];

/** The categories (pack categories and automatic tags) that have votes, most first; refetched like languages. */
export function useCategories(): CategoryCount[] {
  return useRefetchedJson<CategoriesResponse>("/api/categories")?.categories ?? NONE;
}
