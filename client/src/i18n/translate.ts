/**
 * Translation without the browser: the dictionaries, the current interface language and `t`. The
 * formatting helpers need only this, so they run (and are unit tested) in Node; choosing the
 * language from storage and the browser, `<html lang>` and the React hook are index.ts's.
 * Model ids and what people or models wrote are never translated.
 */
import rosetta from "rosetta";

import { type Dictionary, en } from "./en.ts";

export const UI_LANGUAGES = ["en", "fr", "zh"] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

export function isUiLanguage(value: unknown): value is UiLanguage {
  return typeof value === "string" && (UI_LANGUAGES as readonly string[]).includes(value);
}

const dictionaries: Partial<Record<UiLanguage, Dictionary>> = { en };
const i18n = rosetta<Dictionary>({ en });

/** Loads a language's dictionary once; English is always there. */
export async function loadDictionary(language: UiLanguage): Promise<void> {
  if (dictionaries[language]) return;
  const dictionary =
    language === "fr" ? (await import("./fr.ts")).fr : language === "zh" ? (await import("./zh.ts")).zh : en;
  dictionaries[language] = dictionary;
  i18n.set(language, dictionary);
}

/** BCP 47 tags for `<html lang>` and for Intl: Chinese is written in Simplified characters here. */
const localeTags: Record<UiLanguage, string> = { en: "en", fr: "fr", zh: "zh-Hans" };

/** A language's tag for `<html lang>` and Intl (`zh-Hans`). */
export function localeTag(language: UiLanguage): string {
  return localeTags[language];
}

let current: UiLanguage = "en";
i18n.locale(current);
const listeners = new Set<() => void>();

/** Makes `language` (its dictionary loaded) the one `t` and the formatters use, and tells the subscribers. */
export function selectLanguage(language: UiLanguage): void {
  current = language;
  i18n.locale(language);
  for (const listener of listeners) listener();
}

/** Calls `listener` after every `selectLanguage`; returns the unsubscribe function. */
export function onLanguageChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
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
