/**
 * Plain limits shared by server and client. Kept apart from protocol.ts (which builds zod schemas)
 * so the page can import them without bundling zod — and the command line without loading it.
 */

/** Longest prompt a voter may send, in UTF-16 code units. */
export const MAX_PROMPT_CHARS = 8000;

/** Most voter turns in one live battle (the first prompt included). */
export const MAX_TURNS = 10;

/**
 * Battle ids are random and carry no information (base64url of 16 random bytes). The pattern on
 * its own is for checks of millions of ids (an import), where a schema per value costs more than
 * the check.
 */
export const BATTLE_ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

/** A question category: the pack's own (`writing`, `coding`, …), lower case. */
export const CATEGORY_PATTERN = /^[a-z0-9][a-z0-9_-]{0,39}$/;

/** A vote reason's id (the models file's `reasons`, a vote's reasons). */
export const REASON_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,39}$/;
/** Most reasons one vote may carry (a list longer than any reasonable catalogue is refused). */
export const MAX_REASONS_PER_VOTE = 32;
