import { InjectProducer, type QueueProducer, subscribersEventsQueue } from '@crm/queues';
import { Injectable } from '@nestjs/common';

/** A gift recorded without a known supporter: the donor the subscribers app is to find or create. */
export interface UnlinkedGift {
  donationId: string;
  email: string;
  name: string | null;
}

/**
 * Offline gifts reach their supporter as Stripe gifts do: `record-donor` (job id
 * `donor-<donationId>`, never consent) and the subscribers app's `link-supporter` answer.
 */
@Injectable()
export class OfflineDonors {
  constructor(
    @InjectProducer(subscribersEventsQueue)
    private readonly subscribers: QueueProducer<typeof subscribersEventsQueue>,
  ) {}

  async announce(gifts: UnlinkedGift[]): Promise<void> {
    // One `add` per gift: the job id is what keeps a repeat from creating a second job.
    await Promise.all(
      gifts.map((gift) =>
        this.subscribers.add(
          'record-donor',
          { email: gift.email, name: gift.name, donationId: gift.donationId },
          { jobId: `donor-${gift.donationId}` },
        ),
      ),
    );
  }
}
