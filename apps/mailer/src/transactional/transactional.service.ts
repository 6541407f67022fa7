import { preferencesUrl, signPreferencesToken, signUnsubscribeToken, unsubscribeUrl } from '@crm/auth';
import { APP_CONFIG } from '@crm/config';
import type { TransactionalEmail } from '@crm/queues';
import { TransactionalMessage } from '@crm/entities';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import type { MailerConfig } from '../config/mailer.config';
import type { RenderedMail } from '../templates/rendered-mail';
import { TransactionalRenderer } from '../templates/transactional-renderer';
import { MAIL_TRANSPORT, type MailTransport, parseMailAddress } from '../transport/mail-transport';
import { oneClickUnsubscribeHeaders } from '../transport/one-click-unsubscribe';
import { MailOutcomeUnknownError, MailRejectedError } from '../transport/transport-errors';
import { type MailContext, TransactionalContextService } from './transactional-context.service';
import { claimTransactional } from './transactional.queries';

export type TransactionalOutcome = 'sent' | 'already-sent' | 'no-recipient';

/**
 * Sends one transactional email at most once per (template, reference): the ledger row in
 * `transactional_messages` is claimed before sending and marked sent after, so a job that runs
 * twice finds it sent. A send that is known to have failed (5xx, 429, refused) leaves the row
 * `failed` for the retry; one whose outcome is unknown (timeout) stays `sending` and is retried
 * too, because a lost opt-in confirmation or receipt is worse than a rare duplicate.
 */
@Injectable()
export class TransactionalService {
  private readonly logger = new Logger(TransactionalService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly contexts: TransactionalContextService,
    private readonly renderer: TransactionalRenderer,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    @Inject(APP_CONFIG) private readonly config: MailerConfig,
  ) {}

  private get ledger() {
    return this.dataSource.getRepository(TransactionalMessage);
  }

  async send(email: TransactionalEmail): Promise<TransactionalOutcome> {
    const context = await this.contexts.load(email);
    if (!context) return 'no-recipient';
    const ledgerId = await this.claim(email, context.supporterId);
    if (!ledgerId) return 'already-sent';
    const rendered = this.render(context);
    try {
      const receipt = await this.transport.send({
        to: context.to,
        from: parseMailAddress(this.config.MAIL_FROM),
        ...rendered,
        categories: ['transactional', email.template],
        template: email.template,
        reference: email.reference,
      });
      await this.ledger.update(
        { id: ledgerId },
        { status: 'sent', providerMessageId: receipt.providerMessageId, sentAt: () => 'now()' },
      );
      this.logger.log({ template: email.template, reference: email.reference }, 'transactional email sent');
      return 'sent';
    } catch (error) {
      if (!(error instanceof MailOutcomeUnknownError)) {
        await this.ledger.update({ id: ledgerId }, { status: 'failed' });
      }
      // SendGrid refused the request itself (bad address, say): retrying cannot help.
      throw error instanceof MailRejectedError ? new UnrecoverableError(error.message) : error;
    }
  }

  private render(context: MailContext): RenderedMail & { headers?: Record<string, string> } {
    switch (context.template) {
      case 'confirm-subscription':
        return this.renderer.render(context.template, context.data);
      case 'welcome': {
        // The first mail of the newsletter, so it can be left like the rest: footer link and one click.
        const link = unsubscribeUrl(
          this.config.PUBLIC_URL,
          signUnsubscribeToken(this.config.APP_SECRET, context.supporterId!),
        );
        const preferences = preferencesUrl(
          this.config.PUBLIC_URL,
          signPreferencesToken(this.config.APP_SECRET, context.supporterId!),
        );
        return {
          ...this.renderer.render(context.template, context.data, link, preferences),
          headers: oneClickUnsubscribeHeaders(link),
        };
      }
      case 'donation-receipt':
        return this.renderer.render(context.template, context.data);
      case 'payment-failed':
        return this.renderer.render(context.template, context.data);
      case 'donor-increase-confirm':
        return this.renderer.render(context.template, context.data);
      case 'donor-gift-changed':
        return this.renderer.render(context.template, context.data);
      case 'gift-aid-confirmation':
        return this.renderer.render(context.template, context.data);
      case 'staff-invitation':
        return this.renderer.render(context.template, context.data);
      case 'staff-password-reset':
        return this.renderer.render(context.template, context.data);
    }
  }

  /** The ledger row id to send under, or null when this (template, reference) was already sent. */
  private async claim(email: TransactionalEmail, supporterId: string | null): Promise<string | null> {
    return claimTransactional(this.dataSource, {
      template: email.template,
      reference: email.reference,
      supporterId,
    });
  }
}
