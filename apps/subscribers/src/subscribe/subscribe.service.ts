import { publicLink } from '@crm/auth';
import { APP_CONFIG } from '@crm/config';
import { InjectProducer, type QueueProducer, transactionalJobId, transactionalMailQueue } from '@crm/queues';
import { NewsletterSubscription } from '@crm/entities';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { SubscribersConfig } from '../config/subscribers.config';
import {
  addConfirmationLink,
  lockSubscriptionOfLink,
  subscriptionStatusOfLink,
} from '../consent/confirmation-links';
import { appendConsentEvent } from '../consent/consent-ledger';
import { parseEmailAddress } from '../supporters/email-address';
import { splitName } from '../supporters/person-name';
import { upsertSupporter } from '../supporters/supporters.queries';
import { UndeliverableEmailError } from './subscribe.errors';
import { markConfirmationSent } from './subscribe.queries';
import { rejoinDefaultTopics } from '../topics/topic-choices';
const DEFAULT_SOURCE = 'signup';

export interface SignUp {
  email: string;
  name?: string;
  source?: string;
  consentText: string;
  ip: string | null;
  userAgent: string | null;
}

export type ConfirmOutcome = 'confirmed' | 'already-confirmed' | 'invalid';

/** What a confirmation link would do if its button were pressed. */
export type LinkState = 'pending' | 'already-confirmed' | 'invalid';

interface PendingConfirmation {
  supporterId: string;
  token: string;
  reference: string;
}

/** Double opt-in: a sign-up asks for a confirmation email; the link in it subscribes. */
@Injectable()
export class SubscribeService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: SubscribersConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectProducer(transactionalMailQueue)
    private readonly mail: QueueProducer<typeof transactionalMailQueue>,
  ) {}

  /**
   * Records the request and sends a confirmation email, unless the address is already subscribed
   * or one was sent in the last 10 minutes. The caller learns nothing about which happened.
   */
  async signUp(signUp: SignUp): Promise<void> {
    const address = parseEmailAddress(signUp.email);
    if (!address) throw new UndeliverableEmailError();
    const pending = await this.dataSource.transaction(async (manager) => {
      const source = signUp.source ?? DEFAULT_SOURCE;
      const supporterId = await upsertSupporter(manager, address, splitName(signUp.name), source);
      const pending = await this.issueConfirmation(manager, supporterId, source);
      if (pending) {
        await appendConsentEvent(manager, supporterId, 'requested', {
          source,
          ip: signUp.ip,
          userAgent: signUp.userAgent,
          wording: signUp.consentText,
        });
      }
      return pending;
    });
    if (pending) await this.sendConfirmation(pending);
  }

  /**
   * What the confirmation page shows for a link, changing nothing: mail scanners fetch every link
   * in a message, so opening the link must not confirm (only the page's button does).
   */
  async linkState(token: string): Promise<LinkState> {
    const status = await subscriptionStatusOfLink(this.dataSource.manager, token);
    if (status === undefined) return 'invalid';
    return status === 'subscribed' ? 'already-confirmed' : 'pending';
  }

  /** Confirms the subscription the token was issued for; a second press is harmless. */
  async confirm(token: string, ip: string | null, userAgent: string | null): Promise<ConfirmOutcome> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const row = await lockSubscriptionOfLink(manager, token);
      if (!row) return null;
      if (row.status === 'subscribed')
        return { supporterId: row.supporter_id, outcome: 'already-confirmed' as const };
      await manager.update(
        NewsletterSubscription,
        { supporterId: row.supporter_id },
        { status: 'subscribed', confirmedAt: () => 'now()', updatedAt: () => 'now()' },
      );
      await appendConsentEvent(manager, row.supporter_id, 'confirmed', {
        source: 'confirmation-link',
        ip,
        userAgent,
      });
      await rejoinDefaultTopics(manager, row.supporter_id, { source: 'confirmation-link', ip, userAgent });
      return { supporterId: row.supporter_id, outcome: 'confirmed' as const };
    });
    if (!outcome) return 'invalid';
    // Also on a repeat click: the job id and the mailer's (template, reference) key keep it to one welcome.
    const welcome = {
      template: 'welcome',
      reference: outcome.supporterId,
      supporterId: outcome.supporterId,
    } as const;
    await this.mail.add('send-email', welcome, { jobId: transactionalJobId(welcome) });
    return outcome.outcome;
  }

  private async issueConfirmation(
    manager: EntityManager,
    supporterId: string,
    source: string,
  ): Promise<PendingConfirmation | null> {
    if (!(await markConfirmationSent(manager, supporterId, source))) return null;
    const { token, tokenHash } = await addConfirmationLink(manager, supporterId);
    return { supporterId, token, reference: `${supporterId}-${tokenHash.slice(0, 16)}` };
  }

  private async sendConfirmation({ supporterId, token, reference }: PendingConfirmation): Promise<void> {
    const email = {
      template: 'confirm-subscription',
      reference,
      supporterId,
      confirmUrl: publicLink(this.config.PUBLIC_URL, '/subscribe/confirm', { token }),
    } as const;
    try {
      await this.mail.add('send-email', email, { jobId: transactionalJobId(email) });
    } catch (error) {
      // Not queued: reopen the 10-minute window so the person's next attempt sends the email.
      await this.dataSource
        .getRepository(NewsletterSubscription)
        .update({ supporterId }, { confirmationSentAt: null, updatedAt: () => 'updated_at' });
      throw error;
    }
  }
}
