import { compileHtml, compileText, valueEngine } from './template-engine';

/** Organisation details printed in every footer (PECR/CAN-SPAM: who we are, where to write). */
export interface Organisation {
  name: string;
  address: string;
}

export interface LayoutData {
  org: Organisation;
  subject: string;
  body: string;
  /** Present on marketing mail; transactional mail has none. */
  unsubscribeUrl?: string;
  /** Beside unsubscribe on marketing mail: the preference centre (topics, name). */
  preferencesUrl?: string;
}

const engine = valueEngine();

const html = compileHtml<LayoutData>(
  engine,
  `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{{subject}}</title></head>
<body style="margin:0;padding:0;background:#f4f4f4;font-family:Arial,Helvetica,sans-serif;color:#222">
<div style="max-width:600px;margin:0 auto;padding:24px;background:#ffffff">
{{{body}}}
</div>
<div style="max-width:600px;margin:0 auto;padding:16px 24px;font-size:12px;color:#666">
<p>{{org.name}}, {{org.address}}</p>
{{#if unsubscribeUrl}}<p><a href="{{unsubscribeUrl}}">Unsubscribe</a> from these emails.{{#if preferencesUrl}} <a href="{{preferencesUrl}}">Choose what we email you about</a>.{{/if}}</p>{{/if}}
</div>
</body></html>
`,
);

const text = compileText<LayoutData>(
  engine,
  `{{{body}}}

--
{{org.name}}, {{org.address}}
{{#if unsubscribeUrl}}Unsubscribe: {{unsubscribeUrl}}
{{/if}}{{#if preferencesUrl}}Choose what we email you about: {{preferencesUrl}}
{{/if}}`,
);

export const renderLayoutHtml = (data: LayoutData): string => html(data);
export const renderLayoutText = (data: LayoutData): string => text(data);
