import assert from "node:assert/strict";

import { type EldData, promptLanguage } from "@arena/shared/language";
import { detectWithEld } from "@arena/shared/language/eldDetector";
import { eld } from "eld/medium";

import { loadEldMedium } from "../../server/src/language/detectLanguage.ts";
import { packTexts, TEXT_PACKS } from "../support/packTexts.ts";

// Our detector must answer exactly as eld itself: stored votes keep the language detected when
// they were cast, and leaderboards filter on it.

const ELD_SOURCE = new URL("../", import.meta.resolve("eld/medium"));

/** Prompts in many of eld's 60 languages, in several scripts. */
const MULTILINGUAL = [
  "Comment puis-je trier une liste de nombres en Python ? J'aimerais garder l'ordre d'origine.",
  "Pourquoi le ciel est-il bleu pendant la journée et rouge au coucher du soleil ?",
  "Wie kann ich eine Liste von Zahlen in Python sortieren, ohne die ursprüngliche Reihenfolge zu verlieren?",
  "Straße, Größe, Übermäßig: schreib mir ein Gedicht über den Herbst im Schwarzwald.",
  "¿Cómo puedo ordenar una lista de números en Python? Explícamelo paso a paso, por favor.",
  "Escribe un correo electrónico a mi jefe pidiendo un día libre el próximo viernes.",
  "Come posso ordinare una lista di numeri in Python? Spiegamelo con un esempio.",
  "Como posso ordenar uma lista de números em Python? Não quero perder a ordem original.",
  "Hoe kan ik een lijst met getallen sorteren in Python zonder de volgorde te verliezen?",
  "Hur sorterar jag en lista med tal i Python utan att tappa den ursprungliga ordningen?",
  "Hvordan sorterer jeg en liste med tal i Python uden at miste den oprindelige rækkefølge?",
  "Hvordan kan jeg sortere en liste med tall i Python uten å miste den opprinnelige rekkefølgen?",
  "Miten voin lajitella numeroluettelon Pythonissa menettämättä alkuperäistä järjestystä?",
  "Jak mogę posortować listę liczb w Pythonie, nie tracąc pierwotnej kolejności?",
  "Jak mohu seřadit seznam čísel v Pythonu, aniž bych ztratil původní pořadí?",
  "Python'da bir sayı listesini orijinal sırayı kaybetmeden nasıl sıralayabilirim?",
  "Hogyan rendezhetek egy számlistát Pythonban az eredeti sorrend elvesztése nélkül?",
  "Cum pot sorta o listă de numere în Python fără să pierd ordinea inițială?",
  "Как отсортировать список чисел в Python, не теряя исходного порядка?",
  "Як відсортувати список чисел у Python, не втрачаючи початкового порядку?",
  "Как да сортирам списък с числа в Python, без да губя първоначалния ред?",
  "Πώς μπορώ να ταξινομήσω μια λίστα αριθμών στην Python χωρίς να χάσω την αρχική σειρά;",
  "كيف يمكنني فرز قائمة من الأرقام في بايثون دون فقدان الترتيب الأصلي؟",
  "איך אני יכול למיין רשימה של מספרים בפייתון בלי לאבד את הסדר המקורי?",
  "چگونه می‌توانم فهرستی از اعداد را در پایتون بدون از دست دادن ترتیب اصلی مرتب کنم؟",
  "मैं मूल क्रम खोए बिना पायथन में संख्याओं की सूची को कैसे क्रमबद्ध कर सकता हूं?",
  "আমি কীভাবে পাইথনে সংখ্যার একটি তালিকা সাজাতে পারি?",
  "பைத்தானில் எண்களின் பட்டியலை எப்படி வரிசைப்படுத்துவது?",
  "ฉันจะเรียงลำดับรายการตัวเลขใน Python ได้อย่างไรโดยไม่สูญเสียลำดับเดิม",
  "我怎样才能在 Python 中对数字列表进行排序，同时保持原来的顺序？",
  "请帮我写一封邮件，告诉同事下周一的会议改到周二下午三点。",
  "Pythonで数値のリストを元の順序を失わずに並べ替えるにはどうすればいいですか？",
  "来週の会議の議題をまとめたメールを書いてください。",
  "원래 순서를 잃지 않고 파이썬에서 숫자 목록을 정렬하려면 어떻게 해야 하나요?",
  "Làm thế nào để sắp xếp một danh sách số trong Python mà không mất thứ tự ban đầu?",
  "Bagaimana saya boleh menyusun senarai nombor dalam Python tanpa kehilangan susunan asal?",
  "Paano ko maaayos ang isang listahan ng mga numero sa Python nang hindi nawawala ang orihinal na pagkakasunod-sunod?",
  "Kuidas sorteerida Pythonis numbrite loendit ilma algset järjekorda kaotamata?",
  "Kā es varu sakārtot skaitļu sarakstu Python, nezaudējot sākotnējo secību?",
  "Kaip surūšiuoti skaičių sąrašą Python kalboje neprarandant pradinės tvarkos?",
  "Com puc ordenar una llista de números a Python sense perdre l'ordre original?",
  "Nola ordena dezaket zenbaki zerrenda bat Python-en jatorrizko ordena galdu gabe?",
  "Hvernig get ég raðað lista af tölum í Python án þess að tapa upprunalegri röð?",
  "Si mund ta rendis një listë numrash në Python pa humbur rendin origjinal?",
  "Как да ги сортирам броевите?", // short Cyrillic: Bulgarian or Russian, a close call
  "Ինչպե՞ս կարող եմ տեսակավորել թվերի ցանկը Python-ում:",
  "როგორ დავალაგო რიცხვების სია Python-ში?",
  "ሰላም እንዴት ነህ? ዛሬ ምን እንሥራ?",
  "don't won't can't it's l'homme dell'anno ’tis rock’n’roll `quoted`",
];

/** Strings meant to reach eld's edge cases. */
const EDGES = [
  "",
  " ",
  "hi",
  "ok",
  "a",
  "ab",
  "abc",
  "abcd",
  "abcde",
  "12345",
  "😀",
  "😀😀 🎉",
  "héllo 😀 wörld",
  "```\nx = 1\n```",
  "print('hello world')",
  "SELECT * FROM users WHERE id = 1;",
  "https://example.com/a/b?c=d user@example.com",
  "KELVIN \u212A \u212Aelvin",
  "İstanbul İzmir",
  "ǅemal ǈubljana",
  "ΣΊΣΥΦΟΣ ΟΔΥΣΣΕΎΣ",
  "ﬁnance ﬂow", // case mappings that change length
  "lone \uD800 high \uDC00 low \uD83D",
  "𠀀𠀁𠀂 𝒜𝒷𝒸 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
  "\u0301\u0301 e\u0301te\u0301",
  "\t\n\r\u00A0\u2028 spaced\u3000out",
  "a".repeat(69),
  "a".repeat(70),
  "a".repeat(71),
  "é".repeat(40),
  "supercalifragilisticexpialidocious".repeat(4),
  "Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft und andere Wörter",
  // eld cuts n-grams from a word's first 70 bytes, but its last n-gram runs to the word's end: no match here.
  "q".repeat(66) + "mentqq",
  "bonjour " + "q".repeat(66) + "mentqq",
  // eld reads 1000 UTF-16 units before dropping non-letters: these end on either side of the cut.
  ...[995, 996, 997, 998].flatMap((dashes) => ["-".repeat(dashes) + " été café crème", "-".repeat(dashes) + " 東京都"]),
  "word ".repeat(400),
  "mot français ".repeat(120),
  "日本語の文章です。".repeat(150),
  "ab cd ".repeat(300),
];

/** mulberry32: the same generated texts on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Code point ranges the generator draws single characters from: many scripts, marks, emoji, surrogates. */
const RANGES: Array<[number, number]> = [
  [0x20, 0x7e],
  [0xa0, 0x24f],
  [0x300, 0x36f],
  [0x370, 0x3ff],
  [0x400, 0x52f],
  [0x530, 0x58f],
  [0x590, 0x6ff],
  [0x900, 0x9ff],
  [0xe00, 0xeff],
  [0x10a0, 0x10ff],
  [0x1200, 0x137f],
  [0x1e00, 0x1fff],
  [0x2000, 0x2bff],
  [0x3000, 0x30ff],
  [0x4e00, 0x9fff],
  [0xac00, 0xd7a3],
  [0xd800, 0xdfff],
  [0xfb00, 0xfffd],
  [0x1f300, 0x1faff],
  [0x20000, 0x2a6df],
];

/** Texts built from pieces of the corpus and random characters, of every length up to past eld's cuts. */
function generatedTexts(corpus: string[], count: number): string[] {
  const random = seededRandom(16);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const words = corpus.flatMap((text) => text.split(/\s+/)).filter((word) => word !== "");
  const texts: string[] = [];
  for (let i = 0; i < count; i++) {
    const parts: string[] = [];
    const length = Math.floor(random() ** 2 * 120) + 1;
    for (let j = 0; j < length; j++) {
      const draw = random();
      if (draw < 0.6) parts.push(pick(words));
      else if (draw < 0.9) {
        const [low, high] = pick(RANGES);
        let piece = "";
        for (let k = Math.floor(random() * 8) + 1; k > 0; k--)
          piece += String.fromCodePoint(low + Math.floor(random() * (high - low + 1)));
        parts.push(piece);
      } else
        parts.push(
          pick([
            "'",
            "`",
            "\u2019",
            "-",
            "\n",
            "  ",
            "😀",
            "\uD800",
            "\u212A",
            "İ",
            "x".repeat(Math.floor(random() * 90)),
          ]),
        );
    }
    texts.push(parts.join(random() < 0.8 ? " " : ""));
  }
  return texts;
}

/** eld's answer beside ours for each text, keeping only the texts where they differ. */
function differences(data: EldData, texts: string[]): Array<{ text: string; eld: string; ours: string }> {
  const found: Array<{ text: string; eld: string; ours: string }> = [];
  for (const text of texts) {
    const expected = eld.detect(text);
    const actual = detectWithEld(data, text);
    const eldAnswer = `${expected.language} ${expected.isReliable() ? "reliable" : "unreliable"}`;
    const ourAnswer = `${actual.language} ${actual.reliable ? "reliable" : "unreliable"}`;
    if (eldAnswer !== ourAnswer) found.push({ text: text.slice(0, 200), eld: eldAnswer, ours: ourAnswer });
  }
  return found;
}

describe("eld detector over compact tables", () => {
  let data: EldData;
  const packs = TEXT_PACKS.flatMap(packTexts);
  before(() => {
    data = loadEldMedium();
  });

  it("reads every n-gram of eld's medium set with its languages and scores", async () => {
    const { ngramsData } = (await import(new URL("ngrams/medium.js", ELD_SOURCE).href)) as {
      ngramsData: { languages: Record<string, string>; ngrams: Record<string, Record<string, number>> };
    };
    assert.deepEqual(data.languages, Object.values(ngramsData.languages));
    const ngrams = Object.entries(ngramsData.ngrams);
    assert.equal(data.ngrams.size, ngrams.length, "as many n-grams as eld's");
    const wrong: string[] = [];
    for (const [ngram, scores] of ngrams) {
      const entry = data.ngrams.find(ngram);
      const ours: Record<string, number> = {};
      if (entry >= 0) {
        const [start, end] = data.ngrams.pairsOf(entry);
        for (let pair = start; pair < end; pair++)
          ours[data.ngrams.pairLanguages[pair]!] = data.ngrams.pairScores[pair]!;
      }
      if (JSON.stringify(ours) !== JSON.stringify(scores))
        wrong.push(`${JSON.stringify(ngram)}: ${JSON.stringify(ours)} ≠ ${JSON.stringify(scores)}`);
    }
    assert.deepEqual(wrong.slice(0, 10), [], `${wrong.length} n-grams differ`);
    assert.equal(data.ngrams.find(" zzzz "), -1);
  });

  it("gives eld's language and reliability on every question and answer of MT-bench and the repository's packs", () => {
    assert.ok(packs.length > 1000, `${packs.length} texts`);
    assert.deepEqual(differences(data, packs), []);
  });

  it("gives eld's language and reliability on prompts in many languages and on edge cases", () => {
    const texts = [...MULTILINGUAL, ...EDGES];
    assert.deepEqual(differences(data, texts), []);
    // The corpus is worth something only if eld is sure of some texts and unsure of others.
    const reliable = texts.filter((text) => eld.detect(text).isReliable()).length;
    assert.ok(reliable > 30 && reliable < texts.length - 10, `${reliable} of ${texts.length} reliable`);
  });

  it("gives eld's language and reliability on generated texts: mixed scripts, marks, emoji, lone surrogates, long words and texts", () => {
    const texts = generatedTexts([...MULTILINGUAL, ...packs.slice(0, 200)], 3000);
    assert.deepEqual(differences(data, texts).slice(0, 5), []);
  });

  it("gives the leaderboard language eld gave: code blocks dropped, und unless reliable", () => {
    const codeBlock = /```[\s\S]*?(?:```|$)|`[^`\n]*`/g;
    const eldLanguage = (text: string) => {
      const prose = text.replace(codeBlock, " ").trim();
      if (prose === "") return "und";
      const result = eld.detect(prose);
      return result.isReliable() && /^[a-z]{2}$/.test(result.language) ? result.language : "und";
    };
    const texts = [...packs, ...MULTILINGUAL, ...EDGES];
    const differing = texts.filter((text) => promptLanguage(data, text) !== eldLanguage(text));
    assert.deepEqual(differing, []);
    assert.ok(new Set(texts.map(eldLanguage)).size > 25, "many languages");
  });
});
