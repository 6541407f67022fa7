/**
 * A link token in a stored message: the value of a query parameter named `token` (or `…_token`,
 * `…Token`) after `=`, its HTML entity (`&#x3D;`, `&#61;`, as Handlebars escapes it in an href) or
 * `%3D` (a link inside another link). The value ends where a URL part, tag or sentence does.
 */
const LINK_TOKEN = /\b([\w-]*token)(=|&#x3d;|&#61;|%3d)((?:[\w.~+/-]|%(?!26)[0-9a-f]{2})+)/gi;

export const REDACTED = 'redacted';

/**
 * `text` with every link token replaced by `redacted`. The dev outbox holds live confirmation,
 * unsubscribe and donor links; only an admin may see them whole, since anyone holding one can act
 * as the person it was sent to.
 */
export const redactLinkTokens = (text: string): string =>
  text.replace(LINK_TOKEN, (_match, name: string, equals: string) => `${name}${equals}${REDACTED}`);
