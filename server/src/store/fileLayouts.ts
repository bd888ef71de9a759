/**
 * How both stores keep an imported record's own fields (`fileFields`): the values alone in the
 * battle's `file_fields` (a JSON array), in the order of a layout — the list of the fields'
 * names, stored once in `file_layouts` and named by the battle's `file_layout`. A file of a
 * million records names the same dozen fields a million times: kept once, the names no longer
 * make up most of an imported row (and of an import's writing). Rows stored before layouts keep
 * a whole object and no layout.
 */

/** The fields' values, with their layout's id, or with the layout's text when it is new. */
export type SplitFields =
  { values: unknown[]; layout: number } | { values: unknown[]; layout: undefined; fields: string };

export class FileLayouts {
  private readonly namesById = new Map<number, readonly string[]>();
  private readonly idByFields = new Map<string, number>();
  /** The layout used last: a file's records nearly always share one. */
  private last: { id: number; names: readonly string[] } | undefined;

  /** A layout as the table holds it: `fields` is the JSON array of its names. */
  learn(id: number, fields: string): void {
    this.namesById.set(id, JSON.parse(fields) as string[]);
    this.idByFields.set(fields, id);
  }

  /** Forgets every layout (after a rollback, ids may name nothing); they are read again when needed. */
  forget(): void {
    this.namesById.clear();
    this.idByFields.clear();
    this.last = undefined;
  }

  split(fileFields: Record<string, unknown>): SplitFields {
    const values: unknown[] = [];
    const last = this.last;
    let same = last !== undefined;
    for (const name in fileFields) {
      // Names of one file's records are the same strings: comparing them is comparing pointers.
      if (same && last!.names[values.length] !== name) same = false;
      values.push(fileFields[name]);
    }
    if (same && values.length === last!.names.length) return { values, layout: last!.id };
    const fields = JSON.stringify(Object.keys(fileFields));
    const layout = this.idByFields.get(fields);
    if (layout === undefined) return { values, layout, fields };
    this.last = { id: layout, names: this.namesById.get(layout)! };
    return { values, layout };
  }

  /** The record's fields again; undefined while the layout is not learnt. */
  join(layout: number, values: readonly unknown[]): Record<string, unknown> | undefined {
    const names = this.namesById.get(layout);
    if (names === undefined) return undefined;
    // fromEntries, not assignment: a field called __proto__ stays a field, as JSON.parse keeps it.
    return Object.fromEntries(names.map((name, index) => [name, values[index]]));
  }

  /** The id of a layout learnt, by its text. */
  idOf(fields: string): number | undefined {
    return this.idByFields.get(fields);
  }

  knows(layout: number): boolean {
    return this.namesById.has(layout);
  }
}

/** The error for a battle whose layout the table does not hold (the database was edited by hand). */
export function missingLayout(layout: number): Error {
  return new Error(`file layout ${layout} is missing from file_layouts`);
}
