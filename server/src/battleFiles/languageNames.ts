/**
 * The language of a battle as a file gives it, as Arena stores it (ISO 639-1 or `und`). FastChat
 * writes the detector's full English name ("English", "Chinese"); other tools write codes.
 */

/** As `@arena/shared/language` says it; not imported from there, which would load the detector's tables. */
export const UNDETERMINED = "und";

const ISO_639_1_BY_NAME: Readonly<Record<string, string>> = {
  afrikaans: "af",
  albanian: "sq",
  amharic: "am",
  arabic: "ar",
  armenian: "hy",
  azerbaijani: "az",
  basque: "eu",
  belarusian: "be",
  bengali: "bn",
  bosnian: "bs",
  bulgarian: "bg",
  burmese: "my",
  catalan: "ca",
  chinese: "zh",
  croatian: "hr",
  czech: "cs",
  danish: "da",
  dutch: "nl",
  english: "en",
  esperanto: "eo",
  estonian: "et",
  filipino: "tl",
  finnish: "fi",
  french: "fr",
  galician: "gl",
  georgian: "ka",
  german: "de",
  greek: "el",
  gujarati: "gu",
  hebrew: "he",
  hindi: "hi",
  hungarian: "hu",
  icelandic: "is",
  indonesian: "id",
  irish: "ga",
  italian: "it",
  japanese: "ja",
  kannada: "kn",
  kazakh: "kk",
  khmer: "km",
  korean: "ko",
  kurdish: "ku",
  kyrgyz: "ky",
  lao: "lo",
  latin: "la",
  latvian: "lv",
  lithuanian: "lt",
  macedonian: "mk",
  malay: "ms",
  malayalam: "ml",
  maltese: "mt",
  marathi: "mr",
  mongolian: "mn",
  nepali: "ne",
  norwegian: "no",
  pashto: "ps",
  persian: "fa",
  polish: "pl",
  portuguese: "pt",
  punjabi: "pa",
  romanian: "ro",
  russian: "ru",
  serbian: "sr",
  sinhala: "si",
  slovak: "sk",
  slovenian: "sl",
  somali: "so",
  spanish: "es",
  swahili: "sw",
  swedish: "sv",
  tagalog: "tl",
  tajik: "tg",
  tamil: "ta",
  telugu: "te",
  thai: "th",
  turkish: "tr",
  ukrainian: "uk",
  urdu: "ur",
  uzbek: "uz",
  vietnamese: "vi",
  welsh: "cy",
  yoruba: "yo",
  zulu: "zu",
};

/** `"English"` → `en`, `"fr"` / `"FR"` / `"fr-CA"` → `fr`, anything else (`"unknown"`, `"xyz"`) → `und`. */
export function languageCodeOf(given: string): string {
  const value = given.trim().toLowerCase();
  const code = /^([a-z]{2})(?:[-_][a-z0-9]+)*$/.exec(value)?.[1];
  if (code) return code;
  return ISO_639_1_BY_NAME[value] ?? UNDETERMINED;
}

const NAME_BY_ISO_639_1: ReadonlyMap<string, string> = new Map(
  Object.entries(ISO_639_1_BY_NAME).map(([name, code]) => [code, name.charAt(0).toUpperCase() + name.slice(1)]),
);

/**
 * The name FastChat writes for a language (`en` → "English", `und` → "unknown"), so that its
 * language filters (`--langs English`, the "chinese" category) select Arena's battles; a code
 * with no name stays the code.
 */
export function fastChatLanguageName(code: string): string {
  if (code === UNDETERMINED) return "unknown";
  return NAME_BY_ISO_639_1.get(code) ?? code;
}
