/**
 * Patterns for `LIKE` / `ILIKE` built from what someone typed, so that `%`, `_` and `\` in it are
 * matched as themselves instead of as wildcards. The backslash used to escape them is
 * PostgreSQL's default escape character, so a statement needs no `ESCAPE` clause; the pattern is
 * always a bound value, never spliced into SQL text.
 */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (char) => `\\${char}`);

/** Matches values that start with `text` (can use a `text_pattern_ops` btree index). */
export const likePrefix = (text: string): string => `${escapeLike(text)}%`;

/** Matches values that contain `text` anywhere (a trigram index can serve it). */
export const likeContaining = (text: string): string => `%${escapeLike(text)}%`;
