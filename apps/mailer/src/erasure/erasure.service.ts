import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * Applies a supporter's erasure to the mailer's own tables: their address and name leave the send
 * ledger, event payloads and the dev outbox. Counts stay (rows remain, without personal data).
 * A suppression of the address is kept: it is what stops anyone re-importing and mailing them.
 */
@Injectable()
export class ErasureService {
  constructor(private readonly dataSource: DataSource) {}

  async forgetSupporter(supporterId: string, emailNormalised: string | null): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await tx.query(
        `UPDATE campaign_recipients SET email = NULL, first_name = NULL
          WHERE supporter_id = $1 AND (email IS NOT NULL OR first_name IS NOT NULL)`,
        [supporterId],
      );
      await tx.query(`UPDATE email_events SET payload = '{}' WHERE supporter_id = $1 AND payload <> '{}'`, [
        supporterId,
      ]);
      if (emailNormalised) {
        await tx.query(`DELETE FROM outbox_messages WHERE lower(to_address) = $1`, [emailNormalised]);
      }
    });
  }
}
