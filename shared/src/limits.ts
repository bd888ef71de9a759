/**
 * Plain limits shared by server and client. Kept apart from protocol.ts (which builds zod schemas)
 * so the page can import them without bundling zod.
 */

/** Longest prompt a voter may send, in UTF-16 code units. */
export const MAX_PROMPT_CHARS = 8000;

/** Most voter turns in one live battle (the first prompt included). */
export const MAX_TURNS = 10;
