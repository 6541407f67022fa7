import { CampaignRecipient, EmailEvent, OutboxMessage } from '@crm/entities';
import { runSql, sql } from '@crm/sql';
import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, Not, Raw } from 'typeorm';

/**
 * Applies a supporter's erasure to the mailer's own tables: their address and name leave the send
 * ledger, the frozen audience of batches not sent yet, event payloads and the dev outbox. Counts
 * stay (rows remain, without personal data).
 * A suppression of the address is kept: it is what stops anyone re-importing and mailing them.
 */
@Injectable()
export class ErasureService {
  constructor(private readonly dataSource: DataSource) {}

  async forgetSupporter(supporterId: string, emailNormalised: string | null): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await tx.update(
        CampaignRecipient,
        [
          { supporterId, email: Not(IsNull()) },
          { supporterId, firstName: Not(IsNull()) },
        ],
        { email: null, firstName: null },
      );
      // A batch not claimed yet holds them in its frozen arrays (once, at the same place in each);
      // its claim writes the row `skipped`.
      const id = sql.typed(supporterId, 'uuid');
      await runSql(
        tx,
        sql`UPDATE campaign_batch_members m
               SET emails[array_position(m.supporter_ids, ${id})] = NULL,
                   first_names[array_position(m.supporter_ids, ${id})] = NULL
             WHERE m.supporter_ids @> ARRAY[${id}]`,
      );
      // A clicked link may carry merge values (a name in a query string), so it goes too.
      await tx.update(
        EmailEvent,
        [
          { supporterId, payload: Raw((payload) => `${payload} <> '{}'`) },
          { supporterId, url: Not(IsNull()) },
        ],
        { payload: {}, url: null },
      );
      if (emailNormalised) {
        await tx.delete(OutboxMessage, {
          toAddress: Raw((address) => `lower(${address}) = :emailNormalised`, { emailNormalised }),
        });
      }
    });
  }
}
