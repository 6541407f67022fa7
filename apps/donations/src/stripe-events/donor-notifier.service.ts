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

interface UnannouncedDonation {
  id: string;
  email: string | null;
  donor_name: string | null;
  recurring_donation_id: string | null;
}

const validEmail = (email: string | null): email is string => z.email().safeParse(email).success;

/**
 * Tells the subscribers app about each donor and asks the mailer for each receipt, once per
 * donation: the job ids are derived from the donation id, and `notified_at` records that both
 * were queued so a later redelivery queues nothing.
 */
@Injectable()
export class DonorNotifier {
  constructor(
    @Inject(APP_CONFIG) private readonly config: DonationsConfig,
    private readonly dataSource: DataSource,
    @InjectProducer(subscribersEventsQueue)
    private readonly subscribers: QueueProducer<typeof subscribersEventsQueue>,
    @InjectProducer(transactionalMailQueue)
    private readonly mail: QueueProducer<typeof transactionalMailQueue>,
  ) {}

  async announcePaidDonations(donationIds: string[]): Promise<void> {
    if (donationIds.length === 0) return;
    const rows: UnannouncedDonation[] = await this.dataSource.query(
      `SELECT id, email, donor_name, recurring_donation_id FROM donations
       WHERE id = ANY($1::uuid[]) AND notified_at IS NULL
         AND status IN ('succeeded', 'partially_refunded', 'refunded')`,
      [donationIds],
    );
    for (const donation of rows) await this.announce(donation);
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

  private async announce(donation: UnannouncedDonation): Promise<void> {
    if (validEmail(donation.email)) {
      await this.subscribers.add(
        'record-donor',
        {
          email: donation.email,
          name: donation.donor_name?.slice(0, 200) ?? null,
          donationId: donation.id,
          ...(donation.recurring_donation_id ? { recurringDonationId: donation.recurring_donation_id } : {}),
        },
        { jobId: `donor-${donation.id}` },
      );
      const receipt = {
        template: 'donation-receipt' as const,
        reference: donation.id,
        donationId: donation.id,
        ...(donation.recurring_donation_id
          ? { manageUrl: this.manageUrl(donation.recurring_donation_id) }
          : {}),
      };
      await this.mail.add('send-email', receipt, { jobId: transactionalJobId(receipt) });
    }
    await this.dataSource.query(
      `UPDATE donations SET notified_at = now() WHERE id = $1 AND notified_at IS NULL`,
      [donation.id],
    );
  }

  private manageUrl(recurringDonationId: string): string {
    return donorManageUrl(this.config.DONATIONS_PUBLIC_URL, this.config.APP_SECRET, recurringDonationId);
  }
}
