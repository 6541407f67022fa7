import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { forgetDonor } from './erasure.queries';

/**
 * Where a donor is forgotten, on the subscribers app's word that the supporter was erased: their
 * email and name go from the donations, the monthly gifts and the Stripe events kept in the inbox
 * (so reprocessing one cannot bring them back); amounts stay for the accounts. Gift Aid
 * declarations (name, house, postcode) stay: HMRC requires them for 6 years after the claim.
 * The rows are marked, so a later event about the same payment does not fill them in again (see
 * `payloadWithoutErasedDonor` for the events still to come), and the monthly gifts' donor links
 * are revoked (their version moves on; the mark refuses them too).
 */
@Injectable()
export class ErasureService {
  constructor(private readonly dataSource: DataSource) {}

  async forget(supporterId: string): Promise<void> {
    await this.dataSource.transaction((db) => forgetDonor(db, supporterId));
  }
}
