import { preferencesUrl, TEST_SEND_UNSUBSCRIBE_TOKEN, unsubscribeUrl } from '@crm/auth';
import { APP_CONFIG } from '@crm/config';
import { Campaign } from '@crm/entities';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { MailerConfig } from '../config/mailer.config';
import { CampaignMailBuilder } from '../dispatch/campaign-mail.builder';
import {
  type CampaignContent,
  CampaignTemplateError,
  renderForRecipient,
} from '../templates/campaign-content';
import type { RenderedMail } from '../templates/rendered-mail';
import { CampaignError } from './campaign.errors';
import type { PreviewCampaignDto } from './dto/campaign-input.dto';

/** The person every preview is addressed to: merge fields show as they would for a real reader. */
export const SAMPLE_RECIPIENT = { firstName: 'Sam', lastName: 'Sample', email: 'sam.sample@example.org' };

export interface PreviewRecipient {
  firstName: string | null;
  email: string;
}

/**
 * A campaign, or a draft body, rendered as a recipient receives it: the same compiled content the
 * dispatch sends (layout, footer, merge tags, text part derived from the HTML), with the sample
 * person's values merged in. The unsubscribe link is the inert one test sends carry.
 */
@Injectable()
export class CampaignPreviewService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly builder: CampaignMailBuilder,
    @Inject(APP_CONFIG) private readonly config: MailerConfig,
  ) {}

  ofDraft(input: PreviewCampaignDto): RenderedMail {
    if ((input.html === undefined) === (input.markdown === undefined)) {
      throw CampaignError.invalid('html', 'give exactly one of html or markdown');
    }
    let content: CampaignContent;
    try {
      // As the dispatch compiles it (its links one tag for both parts where PUBLIC_URL allows).
      content = this.builder.compile({
        subject: input.subject,
        html: input.html ?? null,
        markdown: input.markdown ?? null,
      });
    } catch (error) {
      if (error instanceof CampaignTemplateError) throw CampaignError.invalid(error.field, error.message);
      throw error;
    }
    return this.render(content);
  }

  async ofCampaign(id: string): Promise<RenderedMail> {
    const campaign = await this.dataSource.getRepository(Campaign).findOneBy({ id });
    if (!campaign) throw CampaignError.notFound(id);
    return this.render(this.builder.content(campaign));
  }

  render(content: CampaignContent, recipient: PreviewRecipient = SAMPLE_RECIPIENT): RenderedMail {
    return renderForRecipient(content, {
      firstName: recipient.firstName,
      email: recipient.email,
      unsubscribeUrl: unsubscribeUrl(this.config.PUBLIC_URL, TEST_SEND_UNSUBSCRIBE_TOKEN),
      preferencesUrl: preferencesUrl(this.config.PUBLIC_URL, TEST_SEND_UNSUBSCRIBE_TOKEN),
    });
  }
}
