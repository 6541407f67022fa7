import { APP_CONFIG } from '@crm/config';
import { Campaign } from '@crm/entities';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { MailerConfig } from '../config/mailer.config';
import { CampaignStartService } from './campaign-start.service';
import { SendBatchIds } from './send-batch-ids';
import { confirmUncertainWithEvents, requeueRecipients, uncertainGraceEnd } from './dispatch.queries';

export type RequeueSource = 'uncertain' | 'failed';

export interface RequeueResult {
  recipients: number;
  batches: number;
  /** For `uncertain`: uncertain batches still inside the grace period, and when the first leaves it. */
  waitingUntil: Date | null;
}

/**
 * Puts recipients who may not have received the campaign into new batches: those whose batch
 * failed, or — after the grace period, and only if no provider event has confirmed them since —
 * those whose batch was uncertain. Everyone else keeps their status, so nobody gets it twice.
 */
@Injectable()
export class RecipientRequeueService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly starter: CampaignStartService,
    private readonly sendBatchIds: SendBatchIds,
    @Inject(APP_CONFIG) private readonly config: MailerConfig,
  ) {}

  async requeue(campaignId: string, source: RequeueSource): Promise<RequeueResult> {
    // With MAIL_SEND_DELAY_MINUTES, a SendGrid batch id of their own: the campaign's may be too old to cancel.
    await this.sendBatchIds.refresh(campaignId);
    const result = await this.dataSource.transaction(async (tx) => {
      const waitingUntil = source === 'uncertain' ? await this.reconcileUncertain(tx, campaignId) : null;
      const seqs = await this.moveToNewBatches(tx, campaignId, source);
      if (seqs.length > 0) {
        await tx.update(
          Campaign,
          { id: campaignId, status: In(['sending', 'sent', 'failed']) },
          { status: 'sending', finishedAt: null },
        );
      }
      return { seqs, waitingUntil };
    });
    await this.starter.queueBatches(
      campaignId,
      result.seqs.map((row) => ({ seq: row.seq, generation: 0 })),
    );
    return {
      recipients: result.seqs.reduce((sum, row) => sum + row.recipient_count, 0),
      batches: result.seqs.length,
      waitingUntil: result.waitingUntil,
    };
  }

  /** Uncertain recipients with any provider event were accepted: they count as sent. */
  private async reconcileUncertain(tx: EntityManager, campaignId: string): Promise<Date | null> {
    await confirmUncertainWithEvents(tx, campaignId);
    return uncertainGraceEnd(tx, campaignId, this.config.MAIL_UNCERTAIN_GRACE_MINUTES);
  }

  private moveToNewBatches(tx: EntityManager, campaignId: string, source: RequeueSource) {
    return requeueRecipients(
      tx,
      campaignId,
      source,
      this.config.MAIL_BATCH_SIZE,
      this.config.MAIL_UNCERTAIN_GRACE_MINUTES,
    );
  }
}
