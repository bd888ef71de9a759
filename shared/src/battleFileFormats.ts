/**
 * The battle-file formats Arena reads and writes, one list for every transport (the command line,
 * the admin API): `json` FastChat's `clean_battle` JSON array (what its `elo_analysis.py` reads),
 * `jsonl` the same records one per line, `csv` a header and one battle per row (LMArena's datasets).
 * Apart from the schemas so that the command line reads files without loading zod.
 */
export const BATTLE_FILE_FORMATS = ["json", "jsonl", "csv"] as const;

export type BattleFileFormat = (typeof BATTLE_FILE_FORMATS)[number];
