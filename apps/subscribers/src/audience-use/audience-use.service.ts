import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  type AudienceUseFact,
  type AudienceUser,
  audienceUsers,
  upsertAudienceUse,
} from './audience-use.queries';

/** Records which campaigns rely on which audience, so one in use is not deleted under them. */
@Injectable()
export class AudienceUseService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Returns whether anything changed: a repeated or out-of-date fact changes nothing. */
  recordUse(fact: AudienceUseFact): Promise<boolean> {
    return upsertAudienceUse(this.dataSource.manager, fact);
  }

  /** The campaigns relying on each of these segments, by campaign name (absent: none). */
  async usersOf(segmentIds: string[]): Promise<Map<string, AudienceUser[]>> {
    const users = new Map<string, AudienceUser[]>();
    for (const user of await audienceUsers(this.dataSource.manager, segmentIds)) {
      users.set(user.segmentId, [...(users.get(user.segmentId) ?? []), user]);
    }
    return users;
  }
}

/** “June appeal” (scheduled) uses this audience; two or three are named, beyond that counted. */
export function describeUsers(users: readonly AudienceUser[]): string {
  const named = users.slice(0, 3).map((user) => `“${user.campaignName}” (${user.how})`);
  const more = users.length - named.length;
  const list =
    more > 0
      ? `${named.join(', ')} and ${more} more ${more === 1 ? 'email' : 'emails'}`
      : named.length > 1
        ? `${named.slice(0, -1).join(', ')} and ${named.at(-1)}`
        : named[0];
  return `${list} ${users.length === 1 ? 'uses' : 'use'} this audience`;
}
