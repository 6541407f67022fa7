import { Campaign } from '@crm/entities';
import { type SendGridMailBody, waitFor } from '@crm/testing';
import Handlebars from 'handlebars';
import request from 'supertest';
import { MailerHarness } from '../../test/mailer-harness';
import { CampaignMailBuilder } from '../dispatch/campaign-mail.builder';
import { applySubstitutions } from '../transport/mail-transport';
import { CampaignPreviewService } from './campaign-preview.service';

interface Rendered {
  subject: string;
  html: string;
  text: string;
}

const KIM = { email: 'kim@example.org', firstName: `<Kim & "Co">` };

const MARKDOWN = [
  '# Hello {{firstName|friend}}',
  '',
  'Some **bold** news, _quietly_, and a [link](https://example.org/a?x=1&y=2).',
  '',
  '- one',
  '- two',
  '',
  'Written to {{email}}.',
].join('\n');

/** Every request the fake SendGrid received for one campaign. */
const requestsOf = (harness: MailerHarness, campaignId: string): SendGridMailBody[] =>
  harness.sendgrid.sends.filter((body) =>
    body.personalizations.some((p) => p.custom_args?.campaign_id === campaignId),
  );

/**
 * What SendGrid delivers to `email` from the requests it received: the shared body with that
 * personalization's substitutions, and the recipient's own unsubscribe and preferences links put
 * back as the inert ones previews carry (the values a preview cannot share with a real recipient).
 */
function deliveredTo(bodies: SendGridMailBody[], email: string, previewLink: string): Rendered {
  for (const body of bodies) {
    const personalization = body.personalizations.find((p) => p.to[0]!.email === email);
    if (!personalization) continue;
    const ownLink = personalization.headers!['List-Unsubscribe']!.slice(1, -1);
    const values: Record<string, string> = {};
    for (const [wrapped, value] of Object.entries(personalization.substitutions ?? {})) {
      const key = wrapped.slice(2, -2);
      values[key] =
        value === ownLink
          ? previewLink
          : value === Handlebars.escapeExpression(ownLink)
            ? Handlebars.escapeExpression(previewLink)
            : value.replace(/(\/preferences\?token(?:=|&#x3D;))\S+$/, '$1test-send');
    }
    const part = (type: string) => body.content!.find((c) => c.type === type)!.value;
    return {
      subject: applySubstitutions(body.subject!, values),
      html: applySubstitutions(part('text/html'), values),
      text: applySubstitutions(part('text/plain'), values),
    };
  }
  throw new Error(`nothing was sent to ${email}`);
}

const previewLinkOf = (preview: Rendered): string => /^Unsubscribe: (\S+)$/m.exec(preview.text)![1]!;

describe('campaign preview and tracking', () => {
  let harness: MailerHarness;
  let comms: string;
  let segmentId: string;

  const createCampaign = (body: Record<string, unknown> = {}) =>
    request(harness.url)
      .post('/campaigns')
      .set('Authorization', comms)
      .send({
        name: 'Preview me',
        subject: 'News for {{firstName|friend}}',
        markdown: MARKDOWN,
        segmentId,
        ...body,
      })
      .expect(201);

  const sendAndWait = async (h: MailerHarness, bearer: string, id: string) => {
    await request(h.url).post(`/campaigns/${id}/send`).set('Authorization', bearer).expect(202);
    await waitFor(
      async () => {
        const state = await request(h.url).get(`/campaigns/${id}`).set('Authorization', bearer);
        return state.body.status === 'sent' ? true : null;
      },
      { timeoutMs: 20_000, what: `campaign ${id} sent` },
    );
  };

  beforeAll(async () => {
    harness = await MailerHarness.start();
    comms = await harness.bearer('comms');
    segmentId = await harness.seedSegment({ field: 'tags', op: 'contains', value: 'preview' });
    await harness.seedSupporter({ email: 'sam.sample@example.org', firstName: 'Sam', tags: ['preview'] });
    await harness.seedSupporter({ ...KIM, tags: ['preview'] });
  });
  afterAll(() => harness.stop());

  it('previews a campaign exactly as the fake SendGrid receives it for a recipient: subject, HTML and text', async () => {
    const created = await createCampaign();
    const preview = (
      await request(harness.url)
        .get(`/campaigns/${created.body.id}/preview`)
        .set('Authorization', comms)
        .expect(200)
    ).body as Rendered;
    expect(Object.keys(preview).sort()).toEqual(['html', 'subject', 'text']);
    expect(preview.subject).toBe('News for Sam');
    expect(preview.html).toContain('<h1>Hello Sam</h1>');
    expect(preview.html).toContain('>Unsubscribe</a>');

    // The same body as a draft, before it is saved, renders the same.
    const draft = await request(harness.url)
      .post('/campaigns/preview')
      .set('Authorization', comms)
      .send({ subject: 'News for {{firstName|friend}}', markdown: MARKDOWN, fromName: 'Park Friends' })
      .expect(200);
    expect(draft.body).toEqual(preview);

    await sendAndWait(harness, comms, created.body.id);
    const sent = requestsOf(harness, created.body.id);
    expect(deliveredTo(sent, 'sam.sample@example.org', previewLinkOf(preview))).toEqual(preview);
  });

  it('merges values escaped in the HTML and as typed in the text, the same in preview and send', async () => {
    const created = await createCampaign({ name: 'Escaping' });
    await sendAndWait(harness, comms, created.body.id);
    const previews = harness.booted.app.get(CampaignPreviewService);
    const builder = harness.booted.app.get(CampaignMailBuilder);
    const campaign = await harness.dataSource
      .getRepository(Campaign)
      .findOneByOrFail({ id: created.body.id });
    const asKim = previews.render(builder.content(campaign), KIM);
    const delivered = deliveredTo(requestsOf(harness, created.body.id), KIM.email, previewLinkOf(asKim));
    expect(delivered).toEqual(asKim);
    expect(delivered.html).toContain('<h1>Hello &lt;Kim &amp; &quot;Co&quot;&gt;</h1>');
    expect(delivered.html).not.toContain('<Kim');
    expect(delivered.text).toContain('Hello <Kim & "Co">');
    expect(delivered.subject).toBe('News for <Kim & "Co">');
  });

  it("derives a markdown campaign's text part from its rendered HTML: no markdown syntax left", async () => {
    const preview = (
      await request(harness.url)
        .post('/campaigns/preview')
        .set('Authorization', comms)
        .send({ subject: 'Hi', markdown: MARKDOWN })
        .expect(200)
    ).body as Rendered;
    const body = preview.text.split('\n--\n')[0]!;
    expect(body).toContain('Hello Sam');
    expect(body).toContain('Some bold news, quietly, and a link (https://example.org/a?x=1&y=2).');
    expect(body).toContain('- one\n- two');
    expect(body).toContain('Written to sam.sample@example.org.');
    expect(body).not.toMatch(/#|\*\*|_quietly_|\]\(/);

    const html = await request(harness.url)
      .post('/campaigns/preview')
      .set('Authorization', comms)
      .send({ subject: 'Hi', html: '<p>Give &pound;5 &amp; more &#8212; thanks, {{firstName}}</p>' })
      .expect(200);
    expect(html.body.text).toContain('Give £5 & more — thanks, Sam');
  });

  it('refuses a bad draft with a 400 naming the field, lets viewers read and keeps others out', async () => {
    const preview = (body: Record<string, unknown>, bearer = comms) =>
      request(harness.url).post('/campaigns/preview').set('Authorization', bearer).send(body);
    expect(
      (await preview({ subject: 'Hi', html: '<p>x</p>', markdown: 'x' }).expect(400)).body.message,
    ).toContain('html');
    expect((await preview({ subject: 'Hi' }).expect(400)).body.message).toContain('html');
    expect(
      (await preview({ subject: 'Hi {{surname}}', html: '<p>x</p>' }).expect(400)).body.message,
    ).toContain('subject');
    expect((await preview({ subject: 'Hi', markdown: '{{#each}}' }).expect(400)).body.message).toContain(
      'markdown',
    );
    expect((await preview({ html: '<p>x</p>' }).expect(400)).body.message).toContain('subject');
    await preview({ subject: 'Hi', html: '<p>x</p>', extra: 1 }).expect(400);
    await preview({ subject: 'Hi', html: '<p>x</p>' }, await harness.bearer('viewer')).expect(200);
    await preview({ subject: 'Hi', html: '<p>x</p>' }, await harness.bearer('fundraising')).expect(403);
    await request(harness.url)
      .post('/campaigns/preview')
      .send({ subject: 'Hi', html: '<p>x</p>' })
      .expect(401);
    await request(harness.url)
      .get('/campaigns/0b0e2c4e-7c55-4d4b-9f0e-4c4a2b1c0d00/preview')
      .set('Authorization', comms)
      .expect(404);
    await request(harness.url).get('/campaigns/nope/preview').set('Authorization', comms).expect(400);
  });

  it('sends each combination of open and click tracking as tracking_settings in every batch request', async () => {
    const combinations = [
      { given: undefined, expected: { opens: true, clicks: true } },
      { given: { opens: false }, expected: { opens: false, clicks: true } },
      { given: { clicks: false }, expected: { opens: true, clicks: false } },
      { given: { opens: false, clicks: false }, expected: { opens: false, clicks: false } },
    ];
    for (const { given, expected } of combinations) {
      const created = await createCampaign({ name: `Tracking ${JSON.stringify(given)}`, tracking: given });
      expect(created.body.tracking).toEqual(expected);
      await sendAndWait(harness, comms, created.body.id);
      const sent = requestsOf(harness, created.body.id);
      expect(sent.length).toBeGreaterThan(0);
      for (const body of sent) {
        expect(body.tracking_settings).toEqual({
          open_tracking: { enable: expected.opens },
          click_tracking: { enable: expected.clicks },
        });
      }
    }
  });

  it('changes tracking on PATCH, keeps the other half, refuses non-booleans, and carries it on a test send', async () => {
    const created = await createCampaign({ name: 'Patch tracking' });
    const patch = (body: Record<string, unknown>) =>
      request(harness.url).patch(`/campaigns/${created.body.id}`).set('Authorization', comms).send(body);
    expect((await patch({ tracking: { clicks: false } }).expect(200)).body.tracking).toEqual({
      opens: true,
      clicks: false,
    });
    expect((await patch({ name: 'Renamed' }).expect(200)).body.tracking).toEqual({
      opens: true,
      clicks: false,
    });
    expect((await patch({ tracking: { opens: 'no' } }).expect(400)).body.message).toContain('opens');
    expect((await patch({ tracking: null }).expect(400)).body.message).toContain('tracking');
    const before = harness.sendgrid.sends.length;
    await request(harness.url)
      .post(`/campaigns/${created.body.id}/test`)
      .set('Authorization', comms)
      .send({ emails: ['editor@example.org'] })
      .expect(200);
    const [test] = harness.sendgrid.sends.slice(before);
    expect(test!.tracking_settings).toMatchObject({
      open_tracking: { enable: true },
      click_tracking: { enable: false },
    });
  });

  it('turns tracking off for every email when MAIL_TRACKING=false, whatever the campaign asks', async () => {
    const untracked = await MailerHarness.start({ env: { MAIL_TRACKING: 'false' } });
    try {
      const bearer = await untracked.bearer('comms');
      const segment = await untracked.seedSegment({ field: 'tags', op: 'contains', value: 'preview' });
      await untracked.seedSupporter({ email: 'sam.sample@example.org', firstName: 'Sam', tags: ['preview'] });
      const created = await request(untracked.url)
        .post('/campaigns')
        .set('Authorization', bearer)
        .send({
          name: 'Tracked?',
          subject: 'Hi',
          markdown: 'Hello',
          segmentId: segment,
          tracking: { opens: true },
        })
        .expect(201);
      await request(untracked.url)
        .post(`/campaigns/${created.body.id}/test`)
        .set('Authorization', bearer)
        .send({ emails: ['editor@example.org'] })
        .expect(200);
      await sendAndWait(untracked, bearer, created.body.id);
      const off = { open_tracking: { enable: false }, click_tracking: { enable: false } };
      expect(untracked.sendgrid.sends).toHaveLength(2);
      for (const body of untracked.sendgrid.sends) expect(body.tracking_settings).toMatchObject(off);
    } finally {
      await untracked.stop();
    }
  });
});
