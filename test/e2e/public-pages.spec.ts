import {
  type BootedApp,
  bootApp,
  checkoutSessionObject,
  FakeStripe,
  signedDelivery,
  stripeEvent,
  stripeForm,
  TestEnvironment,
  waitFor,
} from '@crm/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { loadDonationsConfig } from '../../apps/donations/src/config/donations.config';
import { DonationsModule } from '../../apps/donations/src/donations.module';
import { loadMailerConfig } from '../../apps/mailer/src/config/mailer.config';
import { MailerModule } from '../../apps/mailer/src/mailer.module';
import { loadSubscribersConfig } from '../../apps/subscribers/src/config/subscribers.config';
import { SubscribersModule } from '../../apps/subscribers/src/subscribers.module';

const SECRET = 'whsec_e2e_public_pages_0123456789';
const GIVE = 'https://give.charity.example';
const JOIN = 'https://join.charity.example';

/**
 * The public pages end to end, JavaScript off (plain form posts): a donor gives through the hosted
 * form and Stripe (faked) to the thanks page and the receipt; a reader signs up through the form to
 * the confirmation email and its button.
 */
describe('public pages: the donor and sign-up journeys', () => {
  let env: TestEnvironment;
  let stripe: FakeStripe;
  let donations: BootedApp;
  let subscribers: BootedApp;
  let mailer: BootedApp;
  let db: DataSource;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    stripe = await new FakeStripe().start();
    const vars = env.env({
      ...stripe.env(SECRET),
      SENDGRID_API_KEY: undefined,
      DONATIONS_PUBLIC_URL: GIVE,
      PUBLIC_URL: JOIN,
      ORG_NAME: 'Friends of the Canal',
    });
    donations = await bootApp(loadDonationsConfig(vars), DonationsModule.forRoot);
    subscribers = await bootApp(loadSubscribersConfig(vars), SubscribersModule.forRoot);
    mailer = await bootApp(loadMailerConfig(vars), MailerModule.forRoot);
    db = donations.app.get(DataSource);
  });
  afterAll(async () => {
    await mailer.close();
    await subscribers.close();
    await donations.close();
    await stripe.stop();
    await env.destroy();
  });

  const outbox = (template: string, to: string) =>
    waitFor(
      async () => {
        const rows: { subject: string; text: string }[] = await db.query(
          'SELECT subject, text FROM outbox_messages WHERE template = $1 AND to_address = $2',
          [template, to],
        );
        return rows.length > 0 ? rows : null;
      },
      { what: `a ${template} email to ${to}` },
    );

  it('£10 monthly with Gift Aid and the fee covered: form → 303 to Stripe → webhook → thanks by name → receipt', async () => {
    const form = await request(donations.url)
      .get('/donate?amount=10&frequency=monthly&campaign=spring')
      .expect(200);
    expect(form.text).toMatch(/id="amount-10" value="10" checked/);
    expect(form.text).toContain('Add <strong data-fee>£0.36</strong> to cover the card fee');

    const posted = await request(donations.url)
      .post('/donate')
      .type('form')
      .set('Origin', GIVE)
      .send({
        amount: '10',
        frequency: 'monthly',
        coverFees: 'yes',
        giftAid: 'yes',
        firstName: 'Ada',
        lastName: 'Lovelace',
        email: 'ada.journey@example.org',
        houseNameOrNumber: '12',
        postcode: 'n1 1aa',
        campaign: 'spring',
      })
      .expect(303);
    const sessionId = /cs_test_\w+/.exec(posted.headers.location)![0];
    expect(posted.headers.location).toBe(`https://checkout.stripe.com/c/pay/${sessionId}`);
    const created = stripeForm(stripe.requestsTo('POST', '/v1/checkout/sessions').at(-1)!);
    const metadata = Object.fromEntries(
      [...created].flatMap(([key, value]) => {
        const name = /^metadata\[(.+)\]$/.exec(key)?.[1];
        return name ? [[name, value]] : [];
      }),
    );

    // Before Stripe says it is paid, the thanks page does not pretend it is.
    const early = await request(donations.url).get(`/donate/thanks?session_id=${sessionId}`).expect(200);
    expect(early.text).toContain('your payment is being confirmed');

    // The donor pays; Stripe completes the session and sends the webhook.
    stripe.completeSession(sessionId, { name: 'Ada Lovelace', email: 'ada.journey@example.org' });
    const event = stripeEvent(
      'checkout.session.completed',
      checkoutSessionObject({
        id: sessionId,
        mode: 'subscription',
        amountTotal: 1036,
        email: 'ada.journey@example.org',
        name: 'Ada Lovelace',
        metadata,
      }),
    );
    const { body, headers } = signedDelivery(event, SECRET);
    await request(donations.url).post('/webhooks/stripe').set(headers).send(body).expect(200);
    const [donation] = await waitFor(async () => {
      const rows: {
        amount: number;
        fee_amount: number;
        campaign: string;
        gift_aid_declaration_id: string | null;
      }[] = await db.query(
        'SELECT amount, fee_amount, campaign, gift_aid_declaration_id FROM donations WHERE stripe_checkout_session_id = $1',
        [sessionId],
      );
      return rows.length > 0 ? rows : null;
    });
    expect(donation).toMatchObject({ amount: 1000, fee_amount: 36, campaign: 'spring' });
    expect(donation!.gift_aid_declaration_id).not.toBeNull();

    const thanks = await request(donations.url).get(`/donate/thanks?session_id=${sessionId}`).expect(200);
    expect(thanks.text).toContain('Thank you, Ada!');
    expect(thanks.text).toContain('£10.00 a month');
    expect(thanks.text).toContain('an extra £2.50 a month from HMRC');

    const [receipt] = await outbox('donation-receipt', 'ada.journey@example.org');
    expect(receipt!.text).toContain('Dear Ada,');
    expect(receipt!.text).toContain('Thank you for your monthly donation of £10.00');
    expect(receipt!.text).toContain('You have made a Gift Aid declaration');
  });

  it('sign-up form → 303 "check your email" → the emailed link shows a button → pressing it subscribes', async () => {
    await request(subscribers.url).get('/subscribe?source=footer').expect(200);
    const posted = await request(subscribers.url)
      .post('/subscribe')
      .type('form')
      .set('Origin', JOIN)
      .send({ email: 'reader.journey@example.org', name: 'Rea Der', consent: 'yes', source: 'footer' })
      .expect(303);
    expect(posted.headers.location).toBe('/subscribe/check-email');
    const [mail] = await outbox('confirm-subscription', 'reader.journey@example.org');
    const link = new URL(
      /https:\/\/join\.charity\.example\/subscribe\/confirm\?token=[A-Za-z0-9_-]+/.exec(mail!.text)![0],
    );

    const status = async () =>
      (
        (await db.query(
          `SELECT n.status FROM newsletter_subscriptions n JOIN supporters s ON s.id = n.supporter_id
            WHERE s.email_normalised = 'reader.journey@example.org'`,
        )) as { status: string }[]
      )[0]?.status;
    // A link scanner fetching the link confirms nobody.
    const page = await request(subscribers.url).get(`${link.pathname}${link.search}`).expect(200);
    expect(page.text).toContain('Confirm my subscription</button>');
    expect(await status()).toBe('pending');
    await request(subscribers.url)
      .post('/subscribe/confirm')
      .type('form')
      .send({ token: link.searchParams.get('token')! })
      .expect(200);
    expect(await status()).toBe('subscribed');
  });
});
