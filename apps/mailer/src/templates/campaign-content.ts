import Handlebars from 'handlebars';
import { marked } from 'marked';
import { withoutControlCharacters } from '@crm/values';
import { applySubstitutions, substitutionTag, withoutSubstitutionTags } from '../transport/mail-transport';
import { type Organisation, renderLayoutHtml, renderLayoutText } from './layout';
import { compileHtml, compileText, isBlank } from './template-engine';
import { htmlToText } from './html-to-text';
import type { RenderedMail } from './rendered-mail';

/** Fields a campaign may merge per recipient. */
export const CAMPAIGN_MERGE_FIELDS = ['firstName', 'email'] as const;
export type CampaignMergeField = (typeof CAMPAIGN_MERGE_FIELDS)[number];

export interface RecipientValues {
  firstName: string | null;
  email: string;
  unsubscribeUrl: string;
  /** The signed preference-centre link, beside unsubscribe. */
  preferencesUrl: string;
}

interface MergeTag {
  key: string;
  field: CampaignMergeField | 'unsubscribeUrl' | 'preferencesUrl';
  fallback: string;
  /** HTML parts get escaped values; subject and text parts get them as they are. */
  escape: boolean;
  /**
   * A link's one tag for the HTML and text parts (see `linksSafeInHtml`): its value goes into the
   * HTML unescaped, so a value holding a character HTML escapes is refused.
   */
  sharedWithHtml?: true;
}

export interface CompileOptions {
  /**
   * The unsubscribe and preferences links hold no character HTML must escape (`&<>"'\``; the
   * `=` Handlebars also escapes means the same in an attribute): PUBLIC_URL's links, whose tokens
   * are letters, digits, `-`, `_` and `.`. Each link is then one tag in both parts rather than an
   * escaped twin for the HTML, a quarter less per recipient in every request.
   */
  linksSafeInHtml?: boolean;
}

/** Characters a value merged unescaped into HTML must not hold. */
const HTML_SPECIAL = /[&<>"'`]/;

/**
 * A campaign rendered once for all its recipients: subject, HTML and text with a substitution tag
 * wherever a merge field was, and the list of tags to fill in per recipient. SendGrid fills them
 * from each personalization; the dev outbox and test sends fill them with `applySubstitutions`.
 */
export interface CampaignContent {
  subject: string;
  html: string;
  text: string;
  tags: MergeTag[];
}

export interface CampaignSource {
  subject: string;
  html: string | null;
  markdown: string | null;
}

/** The campaign's template does not compile or uses an unknown merge field. */
export class CampaignTemplateError extends Error {
  constructor(
    readonly field: 'subject' | 'html' | 'markdown',
    message: string,
  ) {
    super(message);
  }
}

class TagCollector {
  readonly tags: MergeTag[] = [];

  tag(field: MergeTag['field'], fallback: string, escape: boolean): Handlebars.SafeString {
    let tag = this.tags.find((t) => t.field === field && t.fallback === fallback && t.escape === escape);
    if (!tag) {
      tag = { key: `m${this.tags.length}${escape ? 'h' : 't'}`, field, fallback, escape };
      this.tags.push(tag);
    }
    return new Handlebars.SafeString(substitutionTag(tag.key));
  }

  /** The one tag of a link in both parts, its value refused if HTML would need it escaped. */
  sharedLink(field: 'unsubscribeUrl' | 'preferencesUrl'): string {
    const tag = this.tag(field, '', false).toString();
    this.tags.find((t) => t.field === field && t.fallback === '' && !t.escape)!.sharedWithHtml = true;
    return tag;
  }
}

/** A field reference while compiling: renders as its tag, or with a fallback through the helper. */
class FieldRef {
  constructor(readonly field: MergeTag['field']) {}
}

function taggingEngine(collector: TagCollector, escape: boolean): typeof Handlebars {
  const engine = Handlebars.create();
  engine.registerHelper('fallback', (value: unknown, fallback: unknown) =>
    value instanceof FieldRef ? collector.tag(value.field, String(fallback), escape) : value,
  );
  // A bare `{{firstName}}` looks the value up and escapes its string form: make that the tag.
  engine.registerHelper('helperMissing', () => {
    throw new Error('unknown merge field or helper');
  });
  return engine;
}

const fieldContext = (
  collector: TagCollector,
  escape: boolean,
): Record<string, Handlebars.SafeString | FieldRef> => {
  const context: Record<string, Handlebars.SafeString | FieldRef> = {};
  for (const field of CAMPAIGN_MERGE_FIELDS) {
    const ref = new FieldRef(field);
    // Handlebars calls toString() for `{{field}}`; the helper receives the FieldRef itself.
    Object.defineProperty(ref, 'toString', { value: () => collector.tag(field, '', escape).toString() });
    Object.defineProperty(ref, 'toHTML', { value: () => collector.tag(field, '', escape).toString() });
    context[field] = ref;
  }
  return context;
};

/** Handlebars' first line, in the campaign's terms ("\"nope\" not defined in [object Object]" is an unknown field). */
function templateProblem(error: unknown): string {
  const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  const unknown = /^"([^"]+)" not defined in /.exec(message);
  return unknown ? `unknown merge field {{${unknown[1]}}}` : message;
}

function renderPart(
  source: string,
  part: 'subject' | 'html' | 'markdown',
  collector: TagCollector,
  escape: boolean,
): string {
  try {
    const engine = taggingEngine(collector, escape);
    const compile = escape ? compileHtml : compileText;
    return compile<Record<string, unknown>>(engine, source)(fieldContext(collector, escape));
  } catch (error) {
    throw new CampaignTemplateError(
      part,
      `${templateProblem(error)}; merge fields are ${CAMPAIGN_MERGE_FIELDS.map((f) => `{{${f}}}`).join(', ')}, optionally with a fallback like {{firstName|friend}}`,
    );
  }
}

/**
 * The plain-text part of a body, derived from its rendered HTML whether it was written as HTML or
 * markdown (so a reader of the text part never sees `#`, `**` or `[..](..)`), with each escaped
 * HTML tag swapped for its unescaped twin: a value is typed as it is in text, not HTML-escaped.
 */
function textOfHtml(html: string, collector: TagCollector): string {
  const plain: Record<string, string> = {};
  for (const tag of [...collector.tags]) {
    if (tag.escape) plain[tag.key] = collector.tag(tag.field, tag.fallback, false).toString();
  }
  return applySubstitutions(htmlToText(html), plain);
}

export function compileCampaignContent(
  source: CampaignSource,
  org: Organisation,
  options: CompileOptions = {},
): CampaignContent {
  const collector = new TagCollector();
  const subject = renderPart(source.subject, 'subject', collector, false);
  const part = source.markdown !== null ? 'markdown' : 'html';
  const body = source.markdown ?? source.html ?? '';
  const bodyWithTags = renderPart(body, part, collector, true);
  const bodyHtml = part === 'markdown' ? marked.parse(bodyWithTags, { async: false }) : bodyWithTags;
  const bodyText = textOfHtml(bodyHtml, collector);
  const link = (field: 'unsubscribeUrl' | 'preferencesUrl'): { html: string; text: string } => {
    if (options.linksSafeInHtml) {
      const shared = collector.sharedLink(field);
      return { html: shared, text: shared };
    }
    const html = collector.tag(field, '', true).toString();
    return { html, text: collector.tag(field, '', false).toString() };
  };
  const { html: unsubscribeHtml, text: unsubscribeText } = link('unsubscribeUrl');
  const { html: preferencesHtml, text: preferencesText } = link('preferencesUrl');
  return {
    subject,
    html: renderLayoutHtml({
      org,
      subject: renderPart(source.subject, 'subject', collector, true),
      body: bodyHtml,
      unsubscribeUrl: unsubscribeHtml,
      preferencesUrl: preferencesHtml,
    }),
    text: renderLayoutText({
      org,
      subject,
      body: bodyText,
      unsubscribeUrl: unsubscribeText,
      preferencesUrl: preferencesText,
    }),
    tags: collector.tags,
  };
}

/**
 * The values for one recipient, keyed by tag. A value never carries tag syntax (SendGrid could
 * expand it again) nor a control character (a name with a line break, merged into the subject,
 * makes SendGrid refuse the whole batch); names stored before input refused them are cleaned here.
 */
export function recipientSubstitutions(
  content: CampaignContent,
  values: RecipientValues,
): Record<string, string> {
  const substitutions: Record<string, string> = {};
  for (const tag of content.tags) substitutions[tag.key] = mergedValue(values[tag.field], tag);
  return substitutions;
}

/** A tag's value: merged, then escaped for HTML, or refused for a shared link that would need it. */
function mergedValue(raw: string | null, tag: MergeTag): string {
  const value = mergeValue(isBlank(raw) ? tag.fallback : (raw as string));
  if (tag.escape) return Handlebars.escapeExpression(value);
  if (tag.sharedWithHtml && HTML_SPECIAL.test(value))
    throw new Error('a link holds a character HTML must escape; it cannot share its tag with the HTML part');
  return value;
}

const mergeValue = (value: string): string => withoutControlCharacters(withoutSubstitutionTags(value));

/** A batch recipient's values, with their links as the signed tokens that end them. */
export interface BatchRecipientValues {
  firstName: string | null;
  email: string;
  unsubscribeToken: string;
  preferencesToken: string;
}

/**
 * Link tokens hold only these, none of which merging changes (no tag wrapper, control character
 * or character HTML escapes), so a link's merged value is its prefix's merged value and the token.
 */
const INERT_TOKEN = /^[A-Za-z0-9._-]+$/;

/**
 * `recipientSubstitutions` for the recipients of one batch, whose links are `unsubscribePrefix`
 * and `preferencesPrefix` followed by their token: each prefix is merged and escaped once, so a
 * recipient's links cost a concatenation rather than four scans of a hundred-character URL, and
 * each name once for all its tags. Same values (the spec compares the two).
 */
export function batchSubstitutions(
  content: CampaignContent,
  unsubscribePrefix: string,
  preferencesPrefix: string,
): (values: BatchRecipientValues) => Record<string, string> {
  const merged = mergedValue;
  const tags = content.tags.map((tag) => {
    const link =
      tag.field === 'unsubscribeUrl' ? 'unsubscribe' : tag.field === 'preferencesUrl' ? 'preferences' : null;
    const rawPrefix = link === 'unsubscribe' ? unsubscribePrefix : preferencesPrefix;
    // Only a prefix merging leaves as it is (no control character to trim around, no tag
    // wrapper) is merged apart from its token; a blank one would take the fallback. Anything else
    // (never, with PUBLIC_URL a URL) takes the general path.
    const prefix =
      link && !isBlank(rawPrefix) && mergeValue(rawPrefix) === rawPrefix ? merged(rawPrefix, tag) : null;
    return { tag, link, rawPrefix, prefix };
  });
  return (values) => {
    const inert = INERT_TOKEN.test(values.unsubscribeToken) && INERT_TOKEN.test(values.preferencesToken);
    const substitutions: Record<string, string> = {};
    for (const { tag, link, rawPrefix, prefix } of tags) {
      if (link === null) {
        substitutions[tag.key] = merged(values[tag.field as CampaignMergeField], tag);
        continue;
      }
      const token = link === 'unsubscribe' ? values.unsubscribeToken : values.preferencesToken;
      substitutions[tag.key] = prefix !== null && inert ? prefix + token : merged(rawPrefix + token, tag);
    }
    return substitutions;
  };
}

/**
 * The message one recipient receives, as SendGrid assembles it from the shared body and their
 * substitutions: what the dev outbox, a test send and the staff preview show.
 */
export function renderForRecipient(content: CampaignContent, values: RecipientValues): RenderedMail {
  const substitutions = recipientSubstitutions(content, values);
  return {
    subject: applySubstitutions(content.subject, substitutions),
    html: applySubstitutions(content.html, substitutions),
    text: applySubstitutions(content.text, substitutions),
  };
}
