/**
 * Distinct byte strings of a file (model ids, winners, languages), each given a small id at first
 * sight. A cell is looked up by its length and its first and last four bytes — two reads, no hash
 * of the whole cell — and then compared with the value found four bytes at a time: exact, in one
 * pass over the cell's middle. Full (past `limit` values) it answers -1.
 */
export class ByteInterner {
  /** Open addressing: id + 1 per slot, 0 for empty. */
  private slots = new Int32Array(1024);
  private readonly lengths: number[] = [];
  private readonly firsts: number[] = [];
  private readonly lasts: number[] = [];
  /** Where each value's bytes start in `pool`. */
  private readonly starts: number[] = [];
  private pool = new Uint8Array(4096);
  private poolView = new DataView(this.pool.buffer);
  private poolUsed = 0;
  private readonly values: string[] = [];

  constructor(private readonly limit = 100_000) {}

  /** The id of `bytes[from, to)`; `view` reads the same memory as `bytes`. */
  intern(view: DataView, bytes: Uint8Array, from: number, to: number): number {
    const length = to - from;
    let first = 0;
    let last = 0;
    if (length >= 4) {
      first = view.getInt32(from, true);
      last = view.getInt32(to - 4, true);
    } else {
      // Up to three bytes and the length say it all.
      for (let index = from; index < to; index++) first = (first << 8) | bytes[index]!;
    }
    // The hash of keyHash(), written out: until V8 optimises this, a call costs more than the sum.
    const mixed = Math.imul(first ^ Math.imul(last ^ length, 0x9e3779b1), 0x85ebca6b);
    const mask = this.slots.length - 1;
    let slot = (mixed ^ (mixed >>> 15)) & mask;
    for (;;) {
      const entry = this.slots[slot]!;
      if (entry === 0) break;
      const id = entry - 1;
      if (this.lengths[id] === length && this.firsts[id] === first && this.lasts[id] === last) {
        // Bytes 4 … length − 4, four at a time (the first and last four matched).
        const start = this.starts[id]!;
        let offset = 4;
        while (
          offset < length - 4 &&
          this.poolView.getInt32(start + offset, true) === view.getInt32(from + offset, true)
        )
          offset += 4;
        if (offset >= length - 4) return id;
      }
      slot = (slot + 1) & mask;
    }
    if (this.values.length >= this.limit) return -1;
    const id = this.values.length;
    this.lengths.push(length);
    this.firsts.push(first);
    this.lasts.push(last);
    this.starts.push(this.keep(bytes, from, to));
    this.values.push(Buffer.from(bytes.buffer, bytes.byteOffset + from, length).toString("utf8"));
    this.slots[slot] = id + 1;
    if (this.values.length * 2 > this.slots.length) this.grow();
    return id;
  }

  valueOf(id: number): string {
    return this.values[id]!;
  }

  /** Copies a new value's bytes into the pool; returns where they start. */
  private keep(bytes: Uint8Array, from: number, to: number): number {
    const start = this.poolUsed;
    if (start + (to - from) > this.pool.length) {
      const pool = new Uint8Array(Math.max(this.pool.length * 2, start + (to - from)));
      pool.set(this.pool.subarray(0, start));
      this.pool = pool;
      this.poolView = new DataView(pool.buffer);
    }
    this.pool.set(bytes.subarray(from, to), start);
    this.poolUsed = start + (to - from);
    return start;
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.values.length; id++) {
      let slot = keyHash(this.lengths[id]!, this.firsts[id]!, this.lasts[id]!) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.slots = slots;
  }
}

function keyHash(length: number, first: number, last: number): number {
  const hash = Math.imul(first ^ Math.imul(last ^ length, 0x9e3779b1), 0x85ebca6b);
  return hash ^ (hash >>> 15);
}
