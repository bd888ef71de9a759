/**
 * Commas in a line of bytes, four bytes at a time: one 32-bit read and a few integer operations
 * test four bytes at once (the "has a zero byte" bit trick on the word XOR ",,,,"), where a byte
 * loop spends a comparison and a branch on each. A CSV row of a battle file is mostly short
 * cells, so this is most of what the fast lane does per byte.
 *
 * `view` and `bytes` are the same memory (a DataView reads words at any offset, aligned or not);
 * both searches stay within [from, to).
 */

const COMMA = 44;
const COMMAS = 0x2c2c2c2c;
const LOW_BITS = 0x01010101;
const HIGH_BITS = 0x80808080 | 0;
const LOW_SEVEN = 0x7f7f7f7f;

/** The first comma in [from, to), or `to` when there is none. */
export function commaOrEnd(view: DataView, bytes: Uint8Array, from: number, to: number): number {
  let index = from;
  for (; index + 4 <= to; index += 4) {
    const x = view.getInt32(index, true) ^ COMMAS;
    // A high bit for each zero byte of x; above the first, the borrow may set false ones, so
    // only the lowest is read (little-endian: the lowest byte comes first in the file).
    const zero = ((x - LOW_BITS) | 0) & ~x & HIGH_BITS;
    if (zero !== 0) return index + ((31 - Math.clz32(zero & -zero)) >> 3);
  }
  for (; index < to; index++) if (bytes[index] === COMMA) return index;
  return to;
}

/** How many commas [from, to) holds. */
export function countCommas(view: DataView, bytes: Uint8Array, from: number, to: number): number {
  let count = 0;
  let index = from;
  for (; index + 4 <= to; index += 4) {
    const x = view.getInt32(index, true) ^ COMMAS;
    // Exactly 0x80 in each zero byte of x: the sum of seven bits never carries into the next byte.
    const zero = ~((((x & LOW_SEVEN) + LOW_SEVEN) | 0) | x | LOW_SEVEN);
    // One bit per zero byte at the bottom of each byte, summed into the top byte.
    count += Math.imul(zero >>> 7, LOW_BITS) >>> 24;
  }
  for (; index < to; index++) if (bytes[index] === COMMA) count++;
  return count;
}
