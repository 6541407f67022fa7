import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SupporterProfileService } from '../supporters/supporter-profile.service';
import { rowsHeldAbout } from './subject-access.queries';

/**
 * A subject access export (UK GDPR art. 15): every row held about one person across the three
 * apps' tables, as they are stored.
 */
@Injectable()
export class SubjectAccessService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly profiles: SupporterProfileService,
  ) {}

  async export(supporterId: string): Promise<Record<string, unknown>> {
    const [supporter, subscription, consentLedger, contactPreferences] = await Promise.all([
      this.profiles.person(supporterId),
      this.profiles.subscription(supporterId),
      this.profiles.consentHistory(supporterId),
      this.profiles.contactPreferences(supporterId),
    ]);
    const {
      donations,
      recurringDonations,
      giftAidDeclarations,
      transactional,
      campaigns,
      events,
      suppressions,
    } = await rowsHeldAbout(this.dataSource, supporterId);
    return {
      exportedAt: new Date().toISOString(),
      supporter,
      subscription,
      consentLedger,
      contactPreferences,
      donations,
      recurringDonations,
      giftAidDeclarations,
      emails: { transactional, campaigns, events, suppressions },
    };
  }
}
