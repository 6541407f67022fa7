import type { TransactionalTemplate } from '@crm/queues';
import { type Organisation, renderLayoutHtml, renderLayoutText } from './layout';
import type { RenderedMail } from './rendered-mail';
import { compileHtml, compileText, type Render, valueEngine } from './template-engine';
import { TRANSACTIONAL_TEMPLATES, type TemplateData } from './transactional-templates';

interface CompiledTemplate<T> {
  subject: Render<T>;
  html: Render<T>;
  text: Render<T>;
}

/** Renders the transactional templates, compiled once, inside the organisation layout. */
export class TransactionalRenderer {
  private readonly compiled = new Map<TransactionalTemplate, CompiledTemplate<never>>();

  constructor(private readonly org: Organisation) {
    const engine = valueEngine();
    for (const [name, source] of Object.entries(TRANSACTIONAL_TEMPLATES)) {
      this.compiled.set(name as TransactionalTemplate, {
        subject: compileText(engine, source.subject),
        html: compileHtml(engine, source.html),
        text: compileText(engine, source.text),
      });
    }
  }

  /** `unsubscribeUrl` puts an unsubscribe link in the footer, for mail about the newsletter. */
  render<T extends TransactionalTemplate>(
    template: T,
    data: TemplateData[T],
    unsubscribeUrl?: string,
    preferencesUrl?: string,
  ): RenderedMail {
    const compiled = this.compiled.get(template) as CompiledTemplate<TemplateData[T]>;
    const subject = compiled.subject(data);
    return {
      subject,
      html: renderLayoutHtml({
        org: this.org,
        subject,
        body: compiled.html(data),
        unsubscribeUrl,
        preferencesUrl,
      }),
      text: renderLayoutText({
        org: this.org,
        subject,
        body: compiled.text(data),
        unsubscribeUrl,
        preferencesUrl,
      }),
    };
  }
}
