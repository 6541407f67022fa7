import { APP_CONFIG } from '@crm/config';
import type { JobOf, subscribersEventsQueue } from '@crm/queues';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { SubscribersConfig } from '../config/subscribers.config';
import { appendConsentEvent } from '../consent/consent-ledger';
import { SubscribeService } from '../subscribe/subscribe.service';
import { beginSoftOptIn, optOutOfSoftOptIn } from './soft-opt-in.queries';

type DonorJob = JobOf<typeof subscribersEventsQueue, 'record-donor'>;
export type DonorMarketing = NonNullable<DonorJob['marketing']>;

const SOURCE = 'donate-page';

/**
 * What a donor chose about marketing on the donate page. A ticked box is consent, confirmed by
 * email like any sign-up (double opt-in); the charity soft opt-in (PECR reg. 22(3A)) begins when
 * its opt-out was offered and not taken, and never over an earlier opt-out; taking the opt-out
 * ends it. Each is a ledger row with the words the donor saw.
 */
@Injectable()
export class DonorMarketingService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: SubscribersConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly subscribe: SubscribeService,
  ) {}

  async record(supporterId: string, donor: DonorJob, marketing: DonorMarketing): Promise<void> {
    if (marketing.choice === 'consent') {
      await this.subscribe.signUp({
        email: donor.email,
        ...(donor.name ? { name: donor.name } : {}),
        source: SOURCE,
        consentText: marketing.wording,
        ip: null,
        userAgent: null,
      });
      return;
    }
    if (marketing.choice === 'soft_opt_in' && !this.config.SOFT_OPT_IN) return;
    await this.dataSource.transaction(async (manager) => {
      const changed =
        marketing.choice === 'soft_opt_in'
          ? await beginSoftOptIn(manager, supporterId)
          : await optOutOfSoftOptIn(manager, supporterId);
      if (changed) {
        const kind = marketing.choice === 'soft_opt_in' ? 'soft_opt_in' : 'soft_opt_out';
        await appendConsentEvent(manager, supporterId, kind, { source: SOURCE, wording: marketing.wording });
      }
    });
  }
}
