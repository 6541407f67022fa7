import { PassThrough, Readable } from 'node:stream';
import { LogCapture } from './log-capture';

const captured = async (...lines: string[]): Promise<LogCapture> => {
  const capture = new LogCapture();
  capture.follow(Readable.from([lines.join('\n')]));
  await new Promise((resolve) => setImmediate(resolve));
  return capture;
};

describe('LogCapture', () => {
  it('flags each kind of secret and leaves clean structured lines alone', async () => {
    const capture = await captured(
      '{"msg":"request completed","req":{"path":"/subscribe"},"res":{"statusCode":202}}',
      '{"msg":"sent","to":"ada@example.com"}',
      '{"authorization":"Bearer crm_AbCdEfGhIjKlMnOpQrStUvWxYz012345"}',
      'using sk_test_51Habc and whsec_abc123 and SG.key.secret',
      '{"header":"t=1700000000,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd"}',
      '{"sig":"MEUCIQDsecretsignature"}',
    );
    expect(capture.leaks(['MEUCIQDsecretsignature']).map((leak) => leak.kind)).toEqual([
      'email address',
      'staff token',
      'Stripe key',
      'Stripe webhook secret',
      'SendGrid key',
      'Stripe signature',
      'known secret',
    ]);
    expect(capture.entries()).toHaveLength(5);
  });

  it('settles once the app has been quiet, so a line written after its answer is read', async () => {
    const capture = new LogCapture();
    const output = new PassThrough();
    capture.follow(output);
    const late = setTimeout(() => output.write('{"msg":"request completed"}\n'), 150);
    const started = Date.now();

    await capture.settled(300);

    clearTimeout(late);
    expect(capture.lines).toEqual(['{"msg":"request completed"}']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    output.end();
  });

  it('gives up with a clear error when the app never goes quiet', async () => {
    const capture = new LogCapture();
    const output = new PassThrough();
    capture.follow(output);
    const chatter = setInterval(() => output.write('{"msg":"tick"}\n'), 50);

    await expect(capture.settled(300, 1_000)).rejects.toThrow(
      "the app's log did not go quiet for 300 ms within 1000 ms",
    );

    clearInterval(chatter);
    output.end();
  });
});
