import { request as httpRequest, Agent } from 'node:http';

/** One 1,000-recipient body shaped like the mailer's (substitutions, custom args, headers). */
export function prebuiltPayload(recipients: number): Buffer {
  const personalizations = Array.from({ length: recipients }, (_, n) => {
    const link = `https://crm.example.org/unsubscribe?token=00000000-0000-4000-8000-${String(n).padStart(12, '0')}.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmUtc2ln`;
    return {
      to: [{ email: `bare${n}@example.org` }],
      substitutions: { '[%m0t%]': `Name${n}`, '[%m1h%]': `Name${n}`, '[%m2h%]': link, '[%m3t%]': link },
      custom_args: {
        campaign_id: '11111111-1111-4111-8111-111111111111',
        recipient_id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      },
      headers: { 'List-Unsubscribe': `<${link}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    };
  });
  return Buffer.from(
    JSON.stringify({
      personalizations,
      from: { email: 'hello@example.org', name: 'Bench' },
      subject: 'Hello [%m0t%]',
      content: [
        { type: 'text/plain', value: 'Hello [%m0t%]\n'.repeat(40) },
        { type: 'text/html', value: '<p>Hello [%m1h%]</p>'.repeat(40) },
      ],
      categories: ['campaign'],
    }),
  );
}

/** Posts the same pre-built payload `requests` times with `concurrency` in flight: the ceiling. */
export async function bareLoop(
  url: string,
  payload: Buffer,
  requests: number,
  concurrency: number,
): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const target = new URL('/v3/mail/send', url);
  let next = 0;
  const post = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const req = httpRequest(
        target,
        {
          method: 'POST',
          agent,
          headers: {
            'Content-Type': 'application/json',
            'Content-Length': payload.length,
            Authorization: 'Bearer SG.bench',
          },
        },
        (res) => {
          res.resume();
          res.on('end', () =>
            res.statusCode === 202 ? resolve() : reject(new Error(`status ${res.statusCode}`)),
          );
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        next += 1;
        await post();
      }
    }),
  );
  agent.destroy();
  return Number(process.hrtime.bigint() - started) / 1e9;
}
