import { OutboxMessage } from '@crm/entities';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { afterCreatedAtSql, decodeCursor, type Page, toPage } from '@crm/platform';
import { OutboxMessageDto } from './dto/outbox-message.dto';
import { OutboxMessageNotFoundError } from './outbox.errors';
import { redactLinkTokens } from './redact-link-tokens';
import type { OutboxQueryDto } from './dto/outbox-query.dto';

/** Reads the dev transport's stored messages, newest first; link tokens only for `withTokens`. */
@Injectable()
export class OutboxService {
  constructor(private readonly dataSource: DataSource) {}

  async list(query: OutboxQueryDto, withTokens: boolean): Promise<Page<OutboxMessageDto>> {
    const after = decodeCursor(query.cursor, 'by-time');
    const builder = this.dataSource
      .getRepository(OutboxMessage)
      .createQueryBuilder('m')
      .orderBy('m.created_at', 'DESC')
      .addOrderBy('m.id', 'DESC')
      .limit(query.limit + 1);
    if (query.to) builder.andWhere('lower(m.to_address) = lower(:to)', { to: query.to });
    if (after) {
      builder.andWhere(
        afterCreatedAtSql('outbox_messages', 'm', 'CAST(:at AS timestamptz)', 'CAST(:id AS uuid)'),
        {
          at: after.at,
          id: after.id,
        },
      );
    }
    const rows = await builder.getMany();
    return toPage(
      rows,
      query.limit,
      (row) => ({ at: row.createdAt.toISOString(), id: row.id }),
      withTokens ? OutboxMessageDto.from : (row) => withoutLinkTokens(OutboxMessageDto.from(row)),
    );
  }

  async html(id: string, withTokens: boolean): Promise<string> {
    const message = await this.dataSource.getRepository(OutboxMessage).findOneBy({ id });
    if (!message) throw new OutboxMessageNotFoundError(id);
    return withTokens ? message.html : redactLinkTokens(message.html);
  }
}

/** Every part of a message a link can be in: subject, text, headers (`List-Unsubscribe`). */
const withoutLinkTokens = (message: OutboxMessageDto): OutboxMessageDto => ({
  ...message,
  subject: redactLinkTokens(message.subject),
  text: redactLinkTokens(message.text),
  headers: Object.fromEntries(
    Object.entries(message.headers).map(([name, value]) => [name, redactLinkTokens(value)]),
  ),
});
