import type { LanguagesResponse } from "@arena/shared/protocol";

import { useRefetchedJson } from "./useRefetchedJson.ts";

export type LanguageCount = LanguagesResponse["languages"][number];

const NONE: LanguageCount[] = [];

/** The languages that have votes, most first; refetched whenever a watched table changes. */
export function useLanguages(): LanguageCount[] {
  return useRefetchedJson<LanguagesResponse>("/api/languages")?.languages ?? NONE;
}
