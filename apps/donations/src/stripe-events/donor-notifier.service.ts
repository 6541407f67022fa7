import { APP_CONFIG } from '@crm/config';
import {
  InjectProducer,
  type QueueProducer,
  subscribersEventsQueue,
  transactionalJobId,
  transactionalMailQueue,
} from '@crm/queues';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { DonationsConfig } from '../config/donations.config';
import { donorManageUrl } from '../donor-self-service/donor-link';
import { currentLinkVersions, type RecordedDonation } from './stripe-events.queries';
import { marketingWordingOf } from '../donate-page/marketing-metadata';

type LinkVersions = ReadonlyMap<string, number>;

const PAID = new Set(['succeeded', 'partially_refunded', 'refunded']);

const emailSchema = z.email();
const validEmail = (email: string | null): email is string => emailSchema.safeParse(email).success;

/**
 * Tells the subscribers app about each donor and asks the mailer for each receipt, once per
 * donation: the job ids are derived from the donation id, and the caller records `notified_at`
 * once both are queued, so a later redelivery queues nothing, while a crash in between re-queues
 * under the same job ids rather than losing the messages.
 */
@Injectable()
export class DonorNotifier {
  constructor(
    @Inject(APP_CONFIG) private readonly config: DonationsConfig,
    @InjectProducer(subscribersEventsQueue)
    private readonly subscribers: QueueProducer<typeof subscribersEventsQueue>,
    @InjectProducer(transactionalMailQueue)
    private readonly mail: QueueProducer<typeof transactionalMailQueue>,
    private readonly dataSource: DataSource,
  ) {}

  /** Queues the messages of donations just recorded as paid that have none yet; returns their ids. */
  async announcePaidDonations(donations: RecordedDonation[]): Promise<string[]> {
    // A donation with no donor address yet waits: linking it to its monthly gift may supply one.
    const due = donations.filter(
      (donation) => !donation.notified && PAID.has(donation.status) && validEmail(donation.email),
    );
    const versions = await this.linkVersions(due.map((donation) => donation.recurring_donation_id));
    await Promise.all(due.map((donation) => this.announce(donation.id, donation.email!, donation, versions)));
    return due.map((donation) => donation.id);
  }

  async announcePaymentFailed(failed: { recurringDonationId: string; invoiceId: string }): Promise<void> {
    const email = {
      template: 'payment-failed' as const,
      reference: failed.invoiceId,
      recurringDonationId: failed.recurringDonationId,
      ...this.manageUrl(failed.recurringDonationId, await this.linkVersions([failed.recurringDonationId])),
    };
    await this.mail.add('send-email', email, { jobId: transactionalJobId(email) });
  }

  private async announce(
    donationId: string,
    email: string,
    donation: RecordedDonation,
    versions: LinkVersions,
  ): Promise<void> {
    const recurring = donation.recurring_donation_id;
    const receipt = {
      template: 'donation-receipt' as const,
      reference: donationId,
      donationId,
      ...(recurring ? this.manageUrl(recurring, versions) : {}),
    };
    const donor = {
      email,
      name: donation.donor_name?.slice(0, 200) ?? null,
      donationId,
      ...(recurring ? { recurringDonationId: recurring } : {}),
      ...(donation.marketing
        ? {
            marketing: {
              choice: donation.marketing.choice,
              wording: marketingWordingOf(donation.marketing, this.config.ORG_NAME),
            },
          }
        : {}),
    };
    await Promise.all([
      this.subscribers.add('record-donor', donor, { jobId: `donor-${donationId}` }),
      this.mail.add('send-email', receipt, { jobId: transactionalJobId(receipt) }),
    ]);
  }

  /** The current link versions of these monthly gifts (none for an erased donor, whose links are revoked). */
  private async linkVersions(ids: (string | null)[]): Promise<LinkVersions> {
    const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
    if (wanted.length === 0) return new Map();
    return currentLinkVersions(this.dataSource, wanted);
  }

  /** A fresh self-service link for the gift, made for its current version (a new one in every receipt). */
  private manageUrl(recurringDonationId: string, versions: LinkVersions): { manageUrl?: string } {
    const version = versions.get(recurringDonationId);
    if (version === undefined) return {};
    return {
      manageUrl: donorManageUrl(this.config.DONATIONS_PUBLIC_URL, this.config.APP_SECRET, {
        recurringDonationId,
        version,
      }),
    };
  }
}
