/**
 * The interface language: English, French or Simplified Chinese. English is bundled with the page;
 * French and Chinese (4 kB compressed each) load on demand, before the first render for a visitor
 * who reads them, so the first paint is already in the right language and the entry chunk stays
 * small. Model ids and what people or models wrote are never translated.
 */
import rosetta from "rosetta";
import { useSyncExternalStore } from "react";
import { en, type Dictionary } from "./en.ts";

export const UI_LANGUAGES = ["en", "fr", "zh"] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

const dictionaries: Partial<Record<UiLanguage, Dictionary>> = { en };
const i18n = rosetta<Dictionary>({ en });

/** Loads a language's dictionary once; English is always there. */
async function loadDictionary(language: UiLanguage): Promise<void> {
  if (dictionaries[language]) return;
  const dictionary =
    language === "fr" ? (await import("./fr.ts")).fr : language === "zh" ? (await import("./zh.ts")).zh : en;
  dictionaries[language] = dictionary;
  i18n.set(language, dictionary);
}
const STORAGE_KEY = "arena.uiLanguage";

function isUiLanguage(value: unknown): value is UiLanguage {
  return typeof value === "string" && (UI_LANGUAGES as readonly string[]).includes(value);
}

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

/** BCP 47 tags for `<html lang>` and for Intl: Chinese is written in Simplified characters here. */
const localeTags: Record<UiLanguage, string> = { en: "en", fr: "fr", zh: "zh-Hans" };

let current: UiLanguage = "en";
const listeners = new Set<() => void>();

function apply(language: UiLanguage): void {
  current = language;
  i18n.locale(language);
  document.documentElement.lang = localeTags[language];
  for (const listener of listeners) listener();
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

/** The interface language now, for code outside React (formatting helpers). */
export function uiLanguage(): UiLanguage {
  return current;
}

/** The interface language as an Intl locale tag (`zh-Hans`). */
export function uiLocale(): string {
  return localeTags[current];
}

/** Each language's own name, for the switcher (known before its dictionary is loaded). */
export const uiLanguageNames: Record<UiLanguage, string> = { en: "English", fr: "Français", zh: "中文" };

type Entry = string | ((params: never) => string);
/** Every dotted path to a string or function of the dictionary: "battle.status.vote". */
type Keys<T, Prefix extends string = ""> = {
  [K in keyof T & string]: T[K] extends Entry ? `${Prefix}${K}` : Keys<T[K], `${Prefix}${K}.`>;
}[keyof T & string];
type At<T, Path extends string> = Path extends `${infer Head}.${infer Rest}`
  ? Head extends keyof T
    ? At<T[Head], Rest>
    : never
  : Path extends keyof T
    ? T[Path]
    : never;
type Params<E> = E extends (params: infer P) => string ? [params: P] : [];

export type TranslationKey = Keys<Dictionary>;
export type Translate = <K extends TranslationKey>(key: K, ...params: Params<At<Dictionary, K>>) => string;

/** Translates in the current language; outside React, or where a re-render follows a switch anyway. */
export const t: Translate = (key, ...params) => i18n.t(key, params[0] as never);

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The translate function and the language; the component re-renders when the language changes. */
export function useT(): { t: Translate; language: UiLanguage } {
  const language = useSyncExternalStore(subscribe, uiLanguage);
  return { t, language };
}
