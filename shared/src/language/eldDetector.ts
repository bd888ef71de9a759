/**
 * eld's language detection (npm `eld` 2.1, `languageDetector.js` and `LanguageResult.js`) over the
 * compact n-gram table, giving eld's answer bit for bit: same language, same reliability. The
 * steps, and eld's quirks kept on purpose, are noted where they happen; test/unit/eldDetector.test.ts
 * checks the answers against eld itself.
 *
 * eld (https://github.com/nitotm/efficient-language-detector-js) is © Nito T.M., Apache-2.0.
 */
import type { NgramTable } from "./ngramTable.ts";

/** What the detector needs from eld: its n-grams, and three small tables used as eld exports them. */
export type EldData = {
  /** ISO 639-1 code of each language id. */
  languages: readonly string[];
  ngrams: NgramTable;
  /** `eld/src/dictionary.js`: the character standing for each UTF-8 byte in eld's n-grams. */
  dictionary: readonly string[];
  /** `eld/src/avgScore.js`: each language's average score in a correct detection. */
  avgScore: Readonly<Record<string, number>>;
  /** `eld/src/regexPatterns.js` `separators`: runs of non-letters (a fixed Unicode letter list). */
  separators: RegExp;
};

export type Detection = {
  /** ISO 639-1 code, or "" when no n-gram of the text is known. */
  language: string;
  /** eld's `isReliable()` with its default threshold. */
  reliable: boolean;
};

/** eld reads the first 1000 UTF-16 code units. */
const MAX_TEXT_LENGTH = 1000;
/** eld stores each score minus 53 to keep its file small. */
const BASE_NGRAM_SCORE = 53;
/** Scales a language's score per n-gram into 0–1 (eld's `orderAndScale`). */
const SCORE_SCALE = 25;
/** eld's `isReliable(thresholdRatio = 0.75)`. */
const RELIABLE_RATIO = 0.75;

export function detectWithEld(data: EldData, text: string): Detection {
  const ngrams = byteNgrams(utf8Words(data, text.substring(0, MAX_TEXT_LENGTH)));
  const scores = new Array<number>(data.languages.length).fill(0);
  for (const ngram of ngrams) {
    const entry = data.ngrams.find(ngram);
    if (entry < 0) continue;
    const [start, end] = data.ngrams.pairsOf(entry);
    for (let pair = start; pair < end; pair++) {
      scores[data.ngrams.pairLanguages[pair]!]! += data.ngrams.pairScores[pair]! + BASE_NGRAM_SCORE;
    }
  }
  const best = firstLargest(scores, -1);
  if (best < 0) return { language: "", reliable: false };
  const language = data.languages[best]!;
  return { language, reliable: isReliable(data, language, scores, ngrams.size) };
}

/**
 * eld's `LanguageResult.isReliable`: the languages that scored are scaled by the number of
 * n-grams and ordered best first; the answer is reliable when the best reaches 75% of its
 * language's average score and stands 0.01 clear of the next.
 */
function isReliable(data: EldData, language: string, scores: number[], ngramCount: number): boolean {
  if (ngramCount < 3) return false;
  const scaled = scores.map((score) => {
    const perNgram = score / ngramCount;
    return score > 0 ? perNgram / (perNgram + SCORE_SCALE) : 0;
  });
  // The first two of eld's stable descending sort: ties go to the lower language id.
  const first = firstLargest(scaled, -1);
  const second = firstLargest(scaled, first);
  // eld compares the best score with the runner-up's *language id* (`results[1][0]`), not its
  // score, so this test almost never fails; kept, since leaderboards filter on eld's answers.
  const next = second < 0 ? 0 : second;
  const best = scaled[first]!;
  return !((data.avgScore[language] ?? Number.NaN) * RELIABLE_RATIO > best || 0.01 > Math.abs(best - next));
}

/** Index of the first largest positive value, skipping index `skip`; -1 when none is positive. */
function firstLargest(values: number[], skip: number): number {
  let found = -1;
  let largest = 0;
  values.forEach((value, index) => {
    if (index !== skip && value > largest) {
      largest = value;
      found = index;
    }
  });
  return found;
}

/**
 * eld's `textProcessor` and `strToUtf8Bytes`: non-letters become spaces, the text is lower-cased,
 * and each word is written as its UTF-8 bytes, one `dictionary` character a byte (ASCII stays
 * itself). Stops at the first space after 350 bytes, or wherever it passes 380.
 */
function utf8Words(data: EldData, text: string): string[] {
  const { dictionary } = data;
  const letters = text.replace(data.separators, " ").trim().toLowerCase();
  const words: string[] = [];
  let word = "";
  let bytes = 0;
  for (let i = 0; i < letters.length; i++) {
    let code = letters.charCodeAt(i);
    if (code < 0x80) {
      if (code === 0x20) {
        if (word !== "") words.push(word);
        word = "";
        if (bytes > 350) break;
      } else {
        word += letters[i];
      }
      bytes += 1;
    } else if (code < 0x800) {
      word += dictionary[0xc0 | (code >> 6)]! + dictionary[0x80 | (code & 0x3f)]!;
      bytes += 2;
    } else if (code < 0xd800 || code >= 0xe000) {
      word +=
        dictionary[0xe0 | (code >> 12)]! + dictionary[0x80 | ((code >> 6) & 0x3f)]! + dictionary[0x80 | (code & 0x3f)]!;
      bytes += 3;
    } else {
      // A surrogate pair (eld does not check that the second half is one: NaN & 0x3ff is 0).
      i++;
      code = 0x10000 + (((code & 0x3ff) << 10) | (letters.charCodeAt(i) & 0x3ff));
      word +=
        dictionary[0xf0 | (code >> 18)]! +
        dictionary[0x80 | ((code >> 12) & 0x3f)]! +
        dictionary[0x80 | ((code >> 6) & 0x3f)]! +
        dictionary[0x80 | (code & 0x3f)]!;
      bytes += 4;
    }
    if (bytes > 380) break;
  }
  if (word !== "") words.push(word);
  return words;
}

/**
 * eld's `getByteNgrams`: 4-byte n-grams every 3 bytes, the first with a leading space, then the
 * word's last 4 bytes with a trailing space (the whole word, spaced both sides, when it is short).
 * Only the first 70 bytes of a word are cut into n-grams — but the last n-gram runs from byte 66
 * to the word's true end (eld slices the uncapped word), a long string no table entry matches
 * that still counts as an n-gram.
 */
function byteNgrams(words: string[]): Set<string> {
  const ngrams = new Set<string>();
  for (const word of words) {
    const length = Math.min(word.length, 70);
    let at = 0;
    for (; at + 4 < length; at += 3) ngrams.add((at === 0 ? " " : "") + word.substring(at, at + 4));
    ngrams.add((at === 0 ? " " : "") + word.substring(length !== 3 ? length - 4 : 0) + " ");
  }
  return ngrams;
}
