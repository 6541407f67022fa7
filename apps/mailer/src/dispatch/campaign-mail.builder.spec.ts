import { randomUUID } from 'node:crypto';
import { Campaign } from '@crm/entities';
import type { MailerConfig } from '../config/mailer.config';
import type { BulkRecipient } from '../transport/mail-transport';
import { type BatchRecipient, CampaignMailBuilder } from './campaign-mail.builder';

const CONFIG = {
  APP_SECRET: 'a-secret-long-enough-to-sign-recipient-links',
  PUBLIC_URL: 'https://crm.example.org',
  MAIL_FROM: 'News <news@example.org>',
} as MailerConfig;

function campaign(): Campaign {
  return Object.assign(new Campaign(), {
    id: randomUUID(),
    subject: 'Spring news',
    markdown: 'Hello {{firstName|friend}}',
    html: null,
    updatedAt: new Date(),
    trackOpens: true,
    trackClicks: true,
    replyTo: null,
    fromName: null,
  });
}

const batchOf = (batch: number, size: number): BatchRecipient[] =>
  Array.from({ length: size }, (_, index) => ({
    id: randomUUID(),
    supporterId: randomUUID(),
    email: `b${batch}-r${index}@example.org`,
    firstName: 'Sam',
  }));

describe('CampaignMailBuilder: batches built at the same time', () => {
  const builder = new CampaignMailBuilder(CONFIG, {
    name: 'Friends of the Earthworm',
    address: '1 Loam Lane',
  });

  it('take turns, so a request waiting meanwhile waits for one slice of one batch, not of every batch', async () => {
    const mails = Array.from({ length: 8 }, (_, batch) => builder.bulk(campaign(), batchOf(batch, 250)));
    const visited: string[] = [];
    let visitedBeforeRequest = -1;
    const building = mails.map((mail) =>
      mail.recipients.each((recipient: BulkRecipient) => visited.push(recipient.email)),
    );
    // Stands for a staff request's next step, due at the next turn of the event loop.
    const request = new Promise<void>((resolve) =>
      setImmediate(() => {
        visitedBeforeRequest = visited.length;
        resolve();
      }),
    );
    await Promise.all([...building, request]);

    // A slice is 100 recipients; eight batches building side by side each got two first (1,600).
    expect(visitedBeforeRequest).toBeGreaterThan(0);
    expect(visitedBeforeRequest).toBeLessThanOrEqual(100);
    // Every recipient once, each batch's recipients together and in order.
    expect(visited).toEqual(mails.flatMap((_, batch) => batchOf(batch, 250).map((r) => r.email)));
  });

  it('lets the next batch build when one fails part-way', async () => {
    const failing = builder.bulk(campaign(), batchOf(0, 150));
    const next = builder.bulk(campaign(), batchOf(1, 150));
    const visited: string[] = [];
    const failed = failing.recipients.each((recipient) => {
      if (visited.length === 120) throw new Error('socket gone');
      visited.push(recipient.email);
    });
    const built = next.recipients.each((recipient) => visited.push(recipient.email));

    await expect(failed).rejects.toThrow('socket gone');
    await built;
    expect(visited.slice(120)).toEqual(batchOf(1, 150).map((r) => r.email));
  });
});
