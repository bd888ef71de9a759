/**
 * The client's interface language for unit tests of its pure modules (formatting, refusals,
 * filters): the same translate.ts the page uses, without the browser's language choice.
 */
import { loadDictionary, selectLanguage, type UiLanguage } from "../../client/src/i18n/translate.ts";

/** Runs the enclosing `describe`'s tests in `language`, and goes back to English after them. */
export function inUiLanguage(language: UiLanguage): void {
  before(async () => {
    await loadDictionary(language);
    selectLanguage(language);
  });
  after(() => selectLanguage("en"));
}
