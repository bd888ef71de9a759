/**
 * A value remembered per text, for texts that recur: a pack's answers and prompts come back in
 * every battle that draws them, so what a vote computes from them (style counts, the identity-leak
 * check) is computed once per text instead of once per vote. Live answers never recur; callers
 * compute those directly rather than fill the memo with them.
 */

/** Texts remembered before the memo forgets them all and starts again (memory stays bounded). */
const REMEMBERED_TEXTS = 20_000;

export class TextMemo<T> {
  private readonly values = new Map<string, T>();

  constructor(
    private readonly compute: (text: string) => T,
    private readonly capacity = REMEMBERED_TEXTS,
  ) {}

  get(text: string): T {
    // `has` rather than `=== undefined`: a remembered value may be null or undefined.
    if (this.values.has(text)) return this.values.get(text)!;
    const value = this.compute(text);
    if (this.values.size >= this.capacity) this.values.clear();
    this.values.set(text, value);
    return value;
  }
}
