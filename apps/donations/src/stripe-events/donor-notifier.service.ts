import { APP_CONFIG } from '@crm/config';
import {
  InjectProducer,
  type QueueProducer,
  subscribersEventsQueue,
  transactionalJobId,
  transactionalMailQueue,
} from '@crm/queues';
import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { DonationsConfig } from '../config/donations.config';
import { donorManageUrl } from '../donor-self-service/donor-link';
import type { RecordedDonation } from './donation-ledger';

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
  ) {}

  /** Queues the messages of donations just recorded as paid that have none yet; returns their ids. */
  async announcePaidDonations(donations: RecordedDonation[]): Promise<string[]> {
    // A donation with no donor address yet waits: linking it to its monthly gift may supply one.
    const due = donations.filter(
      (donation) => !donation.notified && PAID.has(donation.status) && validEmail(donation.email),
    );
    await Promise.all(due.map((donation) => this.announce(donation.id, donation.email!, donation)));
    return due.map((donation) => donation.id);
  }

  async announcePaymentFailed(failed: { recurringDonationId: string; invoiceId: string }): Promise<void> {
    const email = {
      template: 'payment-failed' as const,
      reference: failed.invoiceId,
      recurringDonationId: failed.recurringDonationId,
      manageUrl: this.manageUrl(failed.recurringDonationId),
    };
    await this.mail.add('send-email', email, { jobId: transactionalJobId(email) });
  }

  private async announce(donationId: string, email: string, donation: RecordedDonation): Promise<void> {
    const recurring = donation.recurring_donation_id;
    const receipt = {
      template: 'donation-receipt' as const,
      reference: donationId,
      donationId,
      ...(recurring ? { manageUrl: this.manageUrl(recurring) } : {}),
    };
    const donor = {
      email,
      name: donation.donor_name?.slice(0, 200) ?? null,
      donationId,
      ...(recurring ? { recurringDonationId: recurring } : {}),
    };
    await Promise.all([
      this.subscribers.add('record-donor', donor, { jobId: `donor-${donationId}` }),
      this.mail.add('send-email', receipt, { jobId: transactionalJobId(receipt) }),
    ]);
  }

  private manageUrl(recurringDonationId: string): string {
    return donorManageUrl(this.config.DONATIONS_PUBLIC_URL, this.config.APP_SECRET, recurringDonationId);
  }
}
