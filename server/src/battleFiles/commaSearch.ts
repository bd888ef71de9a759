/**
 * Commas and line ends in a piece of a CSV file, four bytes at a time: one 32-bit read and a few
 * integer operations test four bytes at once (the "has a zero byte" bit trick on the word XOR
 * ",,,," or "\n\n\n\n"), where a byte loop spends a comparison and a branch on each, and no row
 * needs a native search of its own for its line end. A row of a battle file is mostly short
 * cells, so this is most of what the fast lane does per byte. The bit tricks are written out in
 * the loops rather than called: until V8 optimises them (the first several thousand rows), every
 * call costs more than the arithmetic.
 *
 * `view` and `bytes` are the same memory (a DataView reads words at any offset, aligned or not);
 * searches stay within [from, to).
 */

const COMMA = 44;
const LF = 10;
const COMMAS = 0x2c2c2c2c;
const LINE_FEEDS = 0x0a0a0a0a;
const LOW_BITS = 0x01010101;
const HIGH_BITS = 0x80808080 | 0;
const LOW_SEVEN = 0x7f7f7f7f;

/** The first comma or line feed in [from, to), or `to` when there is none. */
export function fieldEnd(view: DataView, bytes: Uint8Array, from: number, to: number): number {
  let index = from;
  for (; index + 4 <= to; index += 4) {
    const word = view.getInt32(index, true);
    const x = word ^ COMMAS;
    const y = word ^ LINE_FEEDS;
    // A high bit in each zero byte of x or y — exact for the lowest only: above it, the borrow
    // may flag bytes that are not zero. Little-endian: the lowest byte comes first in the file.
    const found = ((((x - LOW_BITS) | 0) & ~x) | (((y - LOW_BITS) | 0) & ~y)) & HIGH_BITS;
    if (found !== 0) return index + ((31 - Math.clz32(found & -found)) >> 3);
  }
  for (; index < to; index++) if (bytes[index] === COMMA || bytes[index] === LF) return index;
  return to;
}

/** Where a line ends: its line feed, or the end of the piece. Written by `commasToLineEnd`. */
export type LineEnd = { at: number };

/** How many commas lie from `from` to the end of its line, which goes to `end.at`. */
export function commasToLineEnd(view: DataView, bytes: Uint8Array, from: number, to: number, end: LineEnd): number {
  let count = 0;
  let index = from;
  for (; index + 4 <= to; index += 4) {
    const word = view.getInt32(index, true);
    const x = word ^ COMMAS;
    const y = word ^ LINE_FEEDS;
    // Exactly one high bit per comma: the sum of seven bits never carries into the next byte.
    let commas = ~(((x & LOW_SEVEN) + LOW_SEVEN) | 0 | x | LOW_SEVEN);
    const feeds = ((y - LOW_BITS) | 0) & ~y & HIGH_BITS;
    if (feeds !== 0) {
      const feed = feeds & -feeds;
      end.at = index + ((31 - Math.clz32(feed)) >> 3);
      // Only the commas before the line feed: the bits below its own.
      commas &= (feed - 1) | 0;
      return count + (Math.imul(commas >>> 7, LOW_BITS) >>> 24);
    }
    // One bit per comma at the bottom of its byte, summed into the top byte.
    count += Math.imul(commas >>> 7, LOW_BITS) >>> 24;
  }
  for (; index < to; index++) {
    if (bytes[index] === LF) {
      end.at = index;
      return count;
    }
    if (bytes[index] === COMMA) count++;
  }
  end.at = to;
  return count;
}
