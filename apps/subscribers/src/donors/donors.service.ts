import {
  donationsEventsQueue,
  InjectProducer,
  type JobOf,
  type QueueProducer,
  type subscribersEventsQueue,
} from '@crm/queues';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import type { DataSource } from 'typeorm';
import { DonorMarketingService } from '../soft-opt-in/donor-marketing.service';
import { parseEmailAddress } from '../supporters/email-address';
import { splitName } from '../supporters/person-name';
import { upsertSupporter } from '../supporters/supporters.queries';

const DONOR_SOURCE = 'donation';

/** Donors arriving from the donations app become supporters; giving is never newsletter consent. */
@Injectable()
export class DonorsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectProducer(donationsEventsQueue)
    private readonly donations: QueueProducer<typeof donationsEventsQueue>,
    private readonly marketing: DonorMarketingService,
  ) {}

  /** Finds or creates the donor's supporter and tells the donations app which one it is. */
  async recordDonor(donor: JobOf<typeof subscribersEventsQueue, 'record-donor'>): Promise<string> {
    const address = parseEmailAddress(donor.email);
    if (!address) throw new UnrecoverableError('record-donor: the email cannot receive mail');
    const supporterId = await upsertSupporter(
      this.dataSource.manager,
      address,
      splitName(donor.name),
      DONOR_SOURCE,
    );
    // The donor's own choice on the donate page, if they gave there: giving alone is never consent.
    if (donor.marketing) await this.marketing.record(supporterId, donor, donor.marketing);
    const { donationId, recurringDonationId } = donor;
    if (donationId || recurringDonationId) {
      await this.donations.add(
        'link-supporter',
        { supporterId, donationId, recurringDonationId },
        { jobId: ['link', donationId ?? 'none', recurringDonationId ?? 'none'].join('-') },
      );
    }
    return supporterId;
  }
}
