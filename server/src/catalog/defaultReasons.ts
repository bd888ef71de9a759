/** The reasons a voter can tick when the models file defines none (en/fr/zh). */
import type { ReasonDefinition } from "@arena/shared/depth";

export const DEFAULT_REASONS: readonly ReasonDefinition[] = [
  { id: "correct", polarity: "positive", labels: { en: "Correct", fr: "Correcte", zh: "正确" } },
  { id: "complete", polarity: "positive", labels: { en: "Complete", fr: "Complète", zh: "完整" } },
  { id: "clear", polarity: "positive", labels: { en: "Clear", fr: "Claire", zh: "清晰" } },
  {
    id: "well-formatted",
    polarity: "positive",
    labels: { en: "Well formatted", fr: "Bien présentée", zh: "格式良好" },
  },
  {
    id: "follows-instructions",
    polarity: "positive",
    labels: { en: "Follows the instructions", fr: "Suit les consignes", zh: "遵循指示" },
  },
  { id: "incorrect", polarity: "negative", labels: { en: "Incorrect", fr: "Incorrecte", zh: "不正确" } },
  { id: "superficial", polarity: "negative", labels: { en: "Superficial", fr: "Superficielle", zh: "肤浅" } },
  {
    id: "ignores-instructions",
    polarity: "negative",
    labels: { en: "Ignores the instructions", fr: "Ignore les consignes", zh: "忽略指示" },
  },
  { id: "too-long", polarity: "negative", labels: { en: "Too long", fr: "Trop longue", zh: "太长" } },
  {
    id: "refuses-without-reason",
    polarity: "negative",
    labels: { en: "Refuses without reason", fr: "Refuse sans raison", zh: "无故拒绝" },
  },
];
