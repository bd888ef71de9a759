import assert from "node:assert/strict";

import { detectLanguage } from "../../server/src/language/detectLanguage.ts";

describe("detectLanguage", () => {
  const samples: Array<[string, string]> = [
    ["en", "How do I sort a list of numbers in Python?"],
    ["fr", "Comment puis-je trier une liste de nombres en Python ?"],
    ["es", "¿Cómo puedo ordenar una lista de números en Python?"],
    ["de", "Wie kann ich eine Liste von Zahlen in Python sortieren?"],
    ["zh", "我怎样才能在 Python 中对数字列表进行排序？"],
    ["ja", "Pythonで数値のリストを並べ替えるにはどうすればいいですか？"],
    ["it", "Come posso ordinare una lista di numeri in Python?"],
    ["pt", "Como posso ordenar uma lista de números em Python?"],
    ["ru", "Как отсортировать список чисел в Python?"],
  ];
  for (const [language, prompt] of samples) {
    it(`detects ${language} in a short prompt`, () => assert.equal(detectLanguage(prompt), language));
  }

  it("answers und when it cannot be confident", () => {
    for (const text of ["hi", "ok", "", "   ", "12345", "```\nx = 1\n```"])
      assert.equal(detectLanguage(text), "und", text);
  });

  it("judges the prose around code, not the code", () => {
    const prompt =
      "Pourquoi cette fonction renvoie-t-elle toujours None ?\n```python\ndef total(items):\n    for item in items:\n        sum += item\n```";
    assert.equal(detectLanguage(prompt), "fr");
  });
});
