/**
 * The interface language in the browser: English, French or Simplified Chinese. English is bundled
 * with the page; French and Chinese (4 kB compressed each) load on demand, before the first render
 * for a visitor who reads them, so the first paint is already in the right language and the entry
 * chunk stays small. The translation itself (`t`, the dictionaries) is translate.ts's.
 */
import { useSyncExternalStore } from "react";

import {
  isUiLanguage,
  loadDictionary,
  localeTag,
  onLanguageChange,
  selectLanguage,
  t,
  type Translate,
  type UiLanguage,
  uiLanguage,
} from "./translate.ts";

export {
  t,
  type Translate,
  type TranslationKey,
  UI_LANGUAGES,
  type UiLanguage,
  uiLanguage,
  uiLanguageNames,
  uiLocale,
} from "./translate.ts";

const STORAGE_KEY = "arena.uiLanguage";

/** The stored choice, else the first of the browser's languages we have (fr-CA → fr), else English. */
function initialLanguage(): UiLanguage {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isUiLanguage(stored)) return stored;
  } catch {
    // Storage can be disabled; the browser's languages still apply.
  }
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.toLowerCase().split("-")[0];
    if (base === "en" || base === "fr" || base === "zh") return base;
  }
  return "en";
}

function apply(language: UiLanguage): void {
  document.documentElement.lang = localeTag(language);
  selectLanguage(language);
}
apply("en");

/**
 * Resolves once the visitor's language is loaded and applied; the page renders after it. A failed
 * load (the server restarted with a new build) leaves the page in English rather than blank.
 */
export const uiLanguageReady: Promise<void> = (async () => {
  const wanted = initialLanguage();
  try {
    await loadDictionary(wanted);
    apply(wanted);
  } catch {
    // English it is.
  }
})();

/** Switches the interface (once its dictionary is loaded) and remembers the choice for the next visit. */
export async function setUiLanguage(language: UiLanguage): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Not remembered, but switched.
  }
  await loadDictionary(language);
  apply(language);
}

/** The translate function and the language; the component re-renders when the language changes. */
export function useT(): { t: Translate; language: UiLanguage } {
  const language = useSyncExternalStore(onLanguageChange, uiLanguage);
  return { t, language };
}
