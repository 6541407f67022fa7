import { ApiProperty } from '@nestjs/swagger';
import type { OutboxMessage } from '@crm/entities';

export class OutboxMessageDto {
  @ApiProperty() id!: string;
  @ApiProperty() to!: string;
  @ApiProperty() from!: string;
  @ApiProperty() subject!: string;
  @ApiProperty({ description: 'plain-text part' }) text!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) headers!: Record<string, string>;
  @ApiProperty({ type: [String] }) categories!: string[];
  @ApiProperty({ nullable: true, type: String }) template!: string | null;
  @ApiProperty({ nullable: true, type: String }) reference!: string | null;
  @ApiProperty({ nullable: true, type: String }) campaignId!: string | null;
  @ApiProperty({ description: 'the rendered HTML part, at GET /outbox/:id' }) htmlUrl!: string;
  @ApiProperty() createdAt!: string;

  static from(message: OutboxMessage): OutboxMessageDto {
    return {
      id: message.id,
      to: message.toAddress,
      from: message.fromAddress,
      subject: message.subject,
      text: message.text,
      headers: message.headers,
      categories: message.categories,
      template: message.template,
      reference: message.reference,
      campaignId: message.campaignId,
      htmlUrl: `/outbox/${message.id}`,
      createdAt: message.createdAt.toISOString(),
    };
  }
}

export class OutboxPageDto {
  @ApiProperty({ type: [OutboxMessageDto] }) items!: OutboxMessageDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
