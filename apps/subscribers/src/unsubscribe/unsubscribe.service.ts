import { verifyUnsubscribeToken } from '@crm/auth';
import { APP_CONFIG } from '@crm/config';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { SubscribersConfig } from '../config/subscribers.config';
import type { ConsentEvidence } from '../consent/consent-ledger';
import { withdrawConsent } from '../consent/withdraw-consent';
import { lockLiveSupporter } from '../supporters/supporters.queries';
import { leaveEveryTopic } from '../topics/topic-choices';

const ONE_CLICK_SOURCE = 'one-click-unsubscribe';

/** RFC 8058 one-click unsubscribe from the signed link in every newsletter. */
@Injectable()
export class UnsubscribeService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: SubscribersConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** The supporter a link was signed for, or null when the token is forged, altered or malformed. */
  supporterFor(token: string | null): string | null {
    return token ? verifyUnsubscribeToken(this.config.APP_SECRET, token) : null;
  }

  /**
   * Stops all marketing mail: leaves every topic and withdraws the subscription. Repeating it, or
   * a link of an erased supporter, changes nothing.
   */
  async unsubscribe(supporterId: string, evidence: Omit<ConsentEvidence, 'source'>): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const live = await lockLiveSupporter(manager, supporterId);
      if (!live) return;
      await leaveEveryTopic(manager, supporterId, { ...evidence, source: ONE_CLICK_SOURCE });
      await withdrawConsent(manager, supporterId, 'unsubscribed', { ...evidence, source: ONE_CLICK_SOURCE });
    });
  }
}
