import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type AudienceUseFact, upsertAudienceUse } from './audience-use.queries';

/** Records which campaigns rely on which audience, so one in use is not deleted under them. */
@Injectable()
export class AudienceUseService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Returns whether anything changed: a repeated or out-of-date fact changes nothing. */
  recordUse(fact: AudienceUseFact): Promise<boolean> {
    return upsertAudienceUse(this.dataSource.manager, fact);
  }
}
