export interface PersonName {
  firstName: string | null;
  lastName: string | null;
}

/** Splits a free-text name at its first space: "Ada King Lovelace" → Ada / King Lovelace. */
export function splitName(name: string | null | undefined): PersonName {
  const trimmed = name?.trim().replace(/\s+/g, ' ') ?? '';
  if (!trimmed) return { firstName: null, lastName: null };
  const space = trimmed.indexOf(' ');
  if (space < 0) return { firstName: trimmed, lastName: null };
  return { firstName: trimmed.slice(0, space), lastName: trimmed.slice(space + 1) };
}
