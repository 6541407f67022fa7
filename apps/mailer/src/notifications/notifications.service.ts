import { CampaignNotification } from '@crm/entities';
import { Injectable } from '@nestjs/common';
import { DataSource, MoreThan } from 'typeorm';
import type { NotificationDto, NotificationPageDto, NotificationQueryDto } from './dto/notification.dto';

const count = (n: number): string => `${n.toLocaleString('en-GB')} ${n === 1 ? 'person' : 'people'}`;

/** The words the bell shows; the facts are stored, so a wording change reaches old notifications too. */
export function notificationMessage(
  row: Pick<CampaignNotification, 'kind' | 'campaignName' | 'people'>,
): string {
  const name = `“${row.campaignName}”`;
  switch (row.kind) {
    case 'sent':
      return `${name} was sent to ${count(row.people)}`;
    case 'failed':
      return `${name} could not be sent: nobody received it`;
    case 'needs_attention':
      return `${name} needs attention: some emails failed or may not have reached SendGrid`;
  }
}

/**
 * The campaign notifications the console's bell polls, newest first. They are written by the
 * dispatch in the statements that finish a campaign or a batch (`dispatch.queries.ts`).
 */
@Injectable()
export class NotificationsService {
  constructor(private readonly dataSource: DataSource) {}

  async list(query: NotificationQueryDto): Promise<NotificationPageDto> {
    const rows = await this.dataSource.getRepository(CampaignNotification).find({
      where: query.after === undefined ? {} : { id: MoreThan(query.after) },
      order: { id: 'DESC' },
      take: query.limit,
    });
    return {
      items: rows.map(toDto),
      nextCursor: rows[0]?.id ?? query.after ?? null,
    };
  }
}

function toDto(row: CampaignNotification): NotificationDto {
  return {
    id: row.id,
    kind: row.kind,
    campaignId: row.campaignId,
    campaignName: row.campaignName,
    message: notificationMessage(row),
    createdAt: row.createdAt.toISOString(),
  };
}
