import { setImmediate } from 'node:timers/promises';
import { preferencesUrl, RecipientLinkSigner, TEST_SEND_UNSUBSCRIBE_TOKEN, unsubscribeUrl } from '@crm/auth';
import { APP_CONFIG } from '@crm/config';
import type { Campaign } from '@crm/entities';
import { Inject, Injectable } from '@nestjs/common';
import { Mutex } from 'async-mutex';
import type { MailerConfig } from '../config/mailer.config';
import {
  batchSubstitutions,
  type CampaignContent,
  type CampaignSource,
  compileCampaignContent,
  recipientSubstitutions,
} from '../templates/campaign-content';
import type { Organisation } from '../templates/layout';
import { ORGANISATION } from '../templates/templates.module';
import {
  applySubstitutions,
  type BulkMail,
  type BulkRecipient,
  type BulkRecipients,
  type MailAddress,
  type MailTracking,
  parseMailAddress,
  type SingleMail,
} from '../transport/mail-transport';
import { oneClickUnsubscribeHeaders } from '../transport/one-click-unsubscribe';

export interface BatchRecipient {
  id: string;
  supporterId: string;
  email: string;
  firstName: string | null;
}

const CACHED_CAMPAIGNS = 50;
/** Recipients merged between two turns of the event loop while a batch is built. */
const YIELD_EVERY = 100;

const trackingOf = (campaign: Campaign): MailTracking => ({
  opens: campaign.trackOpens,
  clicks: campaign.trackClicks,
});

/**
 * Turns a campaign and a batch of recipients into one SendGrid request: the body rendered once
 * (cached per campaign version), and per recipient only merge values, ids and the one-click
 * unsubscribe headers (RFC 8058).
 */
@Injectable()
export class CampaignMailBuilder {
  private readonly compiled = new Map<string, CampaignContent>();
  /**
   * Batches take turns to sign and merge: one event loop builds eight batches no sooner together
   * than one after another, but a staff request waiting between two slices then waits for one
   * batch's slice of YIELD_EVERY recipients, not for a slice of each of the eight.
   */
  private readonly buildingTurn = new Mutex();
  /**
   * PUBLIC_URL's links need no HTML escaping (tokens never do), so each is one tag for both parts
   * of the body: two fewer 130-character values per recipient in every request.
   */
  private readonly linksSafeInHtml: boolean;

  constructor(
    @Inject(APP_CONFIG) private readonly config: MailerConfig,
    @Inject(ORGANISATION) private readonly org: Organisation,
  ) {
    this.linksSafeInHtml = !/[&<>"'`]/.test(
      unsubscribeUrl(config.PUBLIC_URL, '') + preferencesUrl(config.PUBLIC_URL, ''),
    );
  }

  /** A campaign's (or a draft's) content as this mailer sends it. */
  compile(source: CampaignSource): CampaignContent {
    return compileCampaignContent(source, this.org, { linksSafeInHtml: this.linksSafeInHtml });
  }

  content(campaign: Campaign): CampaignContent {
    const key = `${campaign.id}@${campaign.updatedAt.toISOString()}`;
    let content = this.compiled.get(key);
    if (!content) {
      content = this.compile(campaign);
      if (this.compiled.size >= CACHED_CAMPAIGNS) this.compiled.delete(this.compiled.keys().next().value!);
      this.compiled.set(key, content);
    }
    return content;
  }

  /**
   * The batch's request. Its recipients are signed and merged one by one as the transport writes
   * them out (`BulkMail.recipients.each`), so none of their values outlives its turn. Signing and
   * merging a thousand recipients is the mailer's largest piece of synchronous work; eight batches
   * starting together would hold the event loop for all of it, and every staff request waits
   * behind them, so it yields every YIELD_EVERY recipients.
   */
  bulk(campaign: Campaign, recipients: readonly BatchRecipient[]): BulkMail {
    const content = this.content(campaign);
    // Parsing PUBLIC_URL for each of a million recipients cost a quarter of the mailer's CPU. A
    // token is hex, `-`, `.` and base64url, which the query string carries unescaped, so the link
    // is libs/auth's with an empty token, then the token.
    const linkPrefix = unsubscribeUrl(this.config.PUBLIC_URL, '');
    const substitutions = batchSubstitutions(content, linkPrefix, preferencesUrl(this.config.PUBLIC_URL, ''));
    // Both tokens of every recipient, signed as signUnsubscribeToken and signPreferencesToken would.
    const signer = new RecipientLinkSigner(this.config.APP_SECRET, new Date());
    const campaignId = campaign.id;
    const turn = this.buildingTurn;
    const personalised: BulkRecipients = {
      length: recipients.length,
      each: (visit: (recipient: BulkRecipient) => void): Promise<void> =>
        turn.runExclusive(async () => {
          for (let index = 0; index < recipients.length; index += 1) {
            if (index > 0 && index % YIELD_EVERY === 0) await setImmediate();
            const recipient = recipients[index]!;
            const unsubscribeToken = signer.unsubscribeToken(recipient.supporterId);
            visit({
              email: recipient.email,
              substitutions: substitutions({
                firstName: recipient.firstName,
                email: recipient.email,
                unsubscribeToken,
                preferencesToken: signer.preferencesToken(recipient.supporterId),
              }),
              customArgs: { campaign_id: campaignId, recipient_id: recipient.id },
              headers: oneClickUnsubscribeHeaders(`${linkPrefix}${unsubscribeToken}`),
            });
          }
        }),
    };
    return {
      from: this.sender(campaign),
      replyTo: campaign.replyTo ?? undefined,
      subject: content.subject,
      html: content.html,
      text: content.text,
      categories: ['campaign'],
      campaignId: campaign.id,
      tracking: trackingOf(campaign),
      recipients: personalised,
    };
  }

  /** A test send: the campaign as a recipient without a name would see it, marked as a test. */
  test(campaign: Campaign, to: string): SingleMail {
    const content = this.content(campaign);
    const values = recipientSubstitutions(content, {
      firstName: null,
      email: to,
      unsubscribeUrl: unsubscribeUrl(this.config.PUBLIC_URL, TEST_SEND_UNSUBSCRIBE_TOKEN),
      preferencesUrl: preferencesUrl(this.config.PUBLIC_URL, TEST_SEND_UNSUBSCRIBE_TOKEN),
    });
    return {
      to,
      from: this.sender(campaign),
      replyTo: campaign.replyTo ?? undefined,
      subject: `[Test] ${applySubstitutions(content.subject, values)}`,
      html: applySubstitutions(content.html, values),
      text: applySubstitutions(content.text, values),
      categories: ['campaign-test'],
      campaignId: campaign.id,
      tracking: trackingOf(campaign),
    };
  }

  private sender(campaign: Campaign): MailAddress {
    const from = parseMailAddress(this.config.MAIL_FROM);
    return campaign.fromName ? { email: from.email, name: campaign.fromName } : from;
  }
}
