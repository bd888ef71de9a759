/**
 * A small seeded pseudo-random generator, so that resampling (bootstrap, simulations) is
 * reproducible byte for byte: same seed, same numbers, on every platform and Node version.
 *
 * The generator is xoshiro128** (Blackman & Vigna, 2018): 128 bits of state, 32-bit output,
 * passes BigCrush, and needs only 32-bit integer arithmetic, which JavaScript does exactly with
 * `Math.imul` and `>>>`. Its state is filled by the SplitMix32 sequence (a Weyl counter through
 * the MurmurHash3 finaliser) so that nearby seeds such as 1, 2, 3 start far apart.
 */
export interface RandomSource {
  /** A uniformly distributed integer in [0, 2³²). */
  uint32(): number;
  /** A uniformly distributed double in the open interval (0, 1), with 52 random bits. */
  uniform(): number;
}

const GOLDEN_GAMMA = 0x9e3779b9;
const TWO_POW_32 = 4294967296;
const TWO_POW_26 = 67108864;
const TWO_POW_52 = 4503599627370496;

/** MurmurHash3's 32-bit finaliser: a bijection that spreads every input bit over the output. */
function mix32(value: number): number {
  let z = value;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * Creates a generator from an integer seed (any safe integer; both 32-bit halves are used, so
 * seeds above 2³² are distinct too).
 */
export function createRandom(seed: number): RandomSource {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  const low = seed >>> 0;
  const high = Math.floor(seed / TWO_POW_32) >>> 0;
  let weyl = low;
  const nextSeedWord = () => {
    weyl = (weyl + GOLDEN_GAMMA) >>> 0;
    return mix32(weyl);
  };
  const state0 = nextSeedWord();
  const state1 = nextSeedWord();
  weyl = mix32(high ^ 0x6a09e667);
  return createRandomFromState([state0, state1, nextSeedWord(), nextSeedWord()]);
}

/**
 * Creates a generator from xoshiro128**'s raw 128-bit state (four 32-bit words, not all zero).
 * Use `createRandom`; this exists so the generator can be checked against the published sequence.
 */
export function createRandomFromState(state: readonly [number, number, number, number]): RandomSource {
  let [s0, s1, s2, s3] = state.map((word) => word | 0) as [number, number, number, number];
  // xoshiro's only forbidden state; a seed reaches it with odds 2⁻¹²⁸ but the guard is free.
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;

  const uint32 = (): number => {
    const product = Math.imul(s1, 5);
    const result = Math.imul((product << 7) | (product >>> 25), 9) >>> 0;
    const shifted = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= shifted;
    s3 = (s3 << 11) | (s3 >>> 21);
    return result;
  };

  // 26 + 26 bits, then the midpoint of that 2⁻⁵² cell: never exactly 0 (so log(u) is finite) and
  // never exactly 1. 53 bits would not do: (2⁵³ − ½) / 2⁵³ rounds up to 1.
  const uniform = (): number => {
    const highBits = uint32() >>> 6;
    const lowBits = uint32() >>> 6;
    return (highBits * TWO_POW_26 + lowBits + 0.5) / TWO_POW_52;
  };

  return { uint32, uniform };
}
