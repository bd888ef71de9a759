/** Battle-file formats: the list itself is in shared/ (the admin API's schema names it too). */
import type { BattleFileFormat } from "@arena/shared/battleFileFormats";

export { BATTLE_FILE_FORMATS, type BattleFileFormat } from "@arena/shared/battleFileFormats";

export const CONTENT_TYPES: Readonly<Record<BattleFileFormat, string>> = {
  json: "application/json; charset=utf-8",
  jsonl: "application/x-ndjson; charset=utf-8",
  csv: "text/csv; charset=utf-8",
};

/** A file's format from its first character that is not blank: `[` JSON array, `{` JSONL, else CSV. */
export function formatOfFirstCharacter(character: string | undefined): BattleFileFormat {
  return character === "[" ? "json" : character === "{" ? "jsonl" : "csv";
}
