import { stripeForm } from '@crm/testing';
import request from 'supertest';
import { DonationsHarness } from '../../test/donations-harness';

const SITE = 'https://www.charity.example';
const PUBLIC = 'https://give.charity.example';

/** A complete, valid form as a browser posts it (urlencoded). */
const form = (fields: Record<string, string> = {}): Record<string, string> => ({
  amount: '10',
  frequency: 'monthly',
  otherAmount: '',
  coverFees: 'yes',
  giftAid: 'yes',
  title: 'Ms',
  firstName: 'Ada',
  lastName: 'Lovelace',
  email: 'ada@example.org',
  houseNameOrNumber: '12',
  postcode: 'sw1a 1aa',
  campaign: 'winter',
  ...fields,
});

describe('the hosted donate page', () => {
  let harness: DonationsHarness;

  beforeAll(async () => {
    harness = await DonationsHarness.start({
      DONATIONS_PUBLIC_URL: PUBLIC,
      EMBED_ORIGINS: SITE,
      ORG_NAME: 'Friends of the Canal',
    });
  });
  afterAll(() => harness.close());

  const post = (fields: Record<string, string>, origin: string | null = PUBLIC) => {
    const call = request(harness.url).post('/donate').type('form').set('Accept', 'text/html');
    return (origin ? call.set('Origin', origin) : call).send(fields);
  };
  const sessionRequests = () => harness.stripe.requestsTo('POST', '/v1/checkout/sessions');

  describe('GET /donate', () => {
    it('shows presets, frequency, cover-the-fees with the exact extra, Gift Aid wording and address, unticked consent', async () => {
      const page = await request(harness.url).get('/donate').expect(200).expect('Content-Type', /html/);
      expect(page.text).toContain('Donate to Friends of the Canal');
      for (const pounds of ['£10.00', '£25.00', '£50.00', '£100.00']) expect(page.text).toContain(pounds);
      expect(page.text).toMatch(/id="amount-25" value="25" checked/);
      expect(page.text).toMatch(/id="frequency-one_off" value="one_off" checked/);
      // £25 with 1.5 % + 20p covered: £25.59 charged, so the charity receives £25.00.
      expect(page.text).toContain('Add <strong data-fee>£0.59</strong> to cover the card fee');
      expect(page.text).toContain(
        'I want to Gift Aid my donation and any donations I make in the future or have made in the past 4 years to Friends of the Canal. I am a UK taxpayer',
      );
      expect(page.text).toContain('Your address is needed to identify you as a current UK taxpayer');
      expect(page.text).toMatch(/<label for="houseNameOrNumber">House name or number/);
      expect(page.text).toMatch(/<label for="postcode">Postcode/);
      expect(page.text).toMatch(/<input type="checkbox" name="marketing" value="yes">/);
      expect(page.text).toContain('Yes, email me news about Friends of the Canal&#39;s work');
      expect(page.text).toMatch(/<form method="post" action="\/donate" target="_top"/);
    });

    it('preselects ?amount=, ?frequency= and keeps ?campaign= (escaped)', async () => {
      const preset = await request(harness.url)
        .get('/donate?amount=50&frequency=monthly&campaign=spring%22%3E%3Cscript%3E')
        .expect(200);
      expect(preset.text).toMatch(/id="amount-50" value="50" checked/);
      expect(preset.text).toMatch(/id="frequency-monthly" value="monthly" checked/);
      expect(preset.text).toContain('name="campaign" value="spring&quot;&gt;&lt;script&gt;"');
      expect(preset.text).not.toContain('spring"><script>');
      const other = await request(harness.url).get('/donate?amount=12.50').expect(200);
      expect(other.text).toMatch(/id="amount-other" value="other" checked/);
      expect(other.text).toMatch(/name="otherAmount"[^>]*value="12.50"/);
      expect(other.text).toContain('Add <strong data-fee>£0.40</strong>');
    });

    it('may be framed only by EMBED_ORIGINS, allows only its own style and script, and sets no cookie', async () => {
      const page = await request(harness.url).get('/donate').expect(200);
      const csp = page.headers['content-security-policy'] as string;
      expect(csp).toContain(`frame-ancestors 'self' ${SITE}`);
      expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("form-action 'self' https://checkout.stripe.com");
      expect(page.headers['x-frame-options']).toBeUndefined();
      expect(page.headers['set-cookie']).toBeUndefined();
    });
  });

  describe('POST /donate', () => {
    it('starts the checkout the form describes and answers 303 to Stripe', async () => {
      const answer = await post(form()).expect(303);
      const sent = stripeForm(sessionRequests().at(-1)!);
      expect(answer.headers.location).toBe(
        `https://checkout.stripe.com/c/pay/${/cs_test_\w+/.exec(answer.headers.location)![0]}`,
      );
      expect(sent.get('mode')).toBe('subscription');
      expect(sent.get('line_items[0][price_data][unit_amount]')).toBe('1036');
      expect(sent.get('customer_email')).toBe('ada@example.org');
      expect(sent.get('success_url')).toBe(`${PUBLIC}/donate/thanks?session_id={CHECKOUT_SESSION_ID}`);
      expect(sent.get('cancel_url')).toBe(
        `${PUBLIC}/donate?amount=10&frequency=monthly&coverFees=1&giftAid=1&campaign=winter`,
      );
      expect(harness.lastSessionMetadata()).toMatchObject({
        amount: '1000',
        fee_amount: '36',
        campaign: 'winter',
        donor_name: 'Ada Lovelace',
        gift_aid: 'true',
        gift_aid_postcode: 'SW1A 1AA',
        gift_aid_house: '12',
        source: 'donate-page',
      });
      expect(harness.lastSessionMetadata().marketing_consent).toBeUndefined();
      // The box left empty: the charity soft opt-in notice was shown and its opt-out not taken.
      expect(harness.lastSessionMetadata()).toMatchObject({
        soft_opt_in: 'offered',
        soft_opt_in_wording: expect.any(String),
      });
    });

    it('shows the soft opt-in notice with an opt-out box, and carries the opt-out with the checkout', async () => {
      const page = await request(harness.url).get('/donate').expect(200);
      expect(page.text).toMatch(/<input type="checkbox" name="noSoftOptIn" value="yes">/);
      expect(page.text).toContain('do not email me about your appeals and campaigns');
      await post(form({ amount: '10', frequency: 'one_off', noSoftOptIn: 'yes' })).expect(303);
      expect(harness.lastSessionMetadata()).toMatchObject({ soft_opt_in: 'declined' });
      expect(harness.lastSessionMetadata().marketing_consent).toBeUndefined();
    });

    it('takes a typed amount over a ticked preset (no JavaScript), and records a ticked marketing box', async () => {
      await post(
        form({
          amount: '25',
          otherAmount: '£1,234.50',
          frequency: 'one_off',
          coverFees: '',
          giftAid: '',
          marketing: 'yes',
        }),
      ).expect(303);
      const sent = stripeForm(sessionRequests().at(-1)!);
      expect(sent.get('mode')).toBe('payment');
      expect(sent.get('line_items[0][price_data][unit_amount]')).toBe('123450');
      expect(harness.lastSessionMetadata()).toMatchObject({
        marketing_consent: 'yes',
        marketing_wording: expect.any(String),
      });
      expect(harness.lastSessionMetadata().gift_aid).toBeUndefined();
    });

    it.each([
      [{ amount: 'other', otherAmount: '' }, 'amount', 'Choose an amount, or enter your own'],
      [
        { amount: 'other', otherAmount: 'ten pounds' },
        'amount',
        'Enter an amount in pounds, like 15 or 15.50',
      ],
      [{ amount: 'other', otherAmount: '0.50' }, 'amount', 'Enter an amount between £1.00 and £10,000.00'],
      [{ amount: 'other', otherAmount: '20000' }, 'amount', 'Enter an amount between £1.00 and £10,000.00'],
      [{ firstName: '' }, 'firstName', 'Enter your first name'],
      [{ lastName: '' }, 'lastName', 'Enter your last name'],
      [{ email: 'not-an-email' }, 'email', 'Enter an email address like name@example.com'],
      [{ houseNameOrNumber: '' }, 'houseNameOrNumber', 'Enter your house name or number for Gift Aid'],
      [{ postcode: 'not a postcode' }, 'postcode', 'Enter a UK postcode, like N1 1AA'],
      [{ title: 'Professor' }, 'title', 'Enter a title such as Mr, Ms or Dr'],
    ])(
      'refuses %j with a 400 page showing the error beside %s, keeping the choices',
      async (fields, field, message) => {
        const before = sessionRequests().length;
        const page = await post(form(fields)).expect(400).expect('Content-Type', /html/);
        expect(page.text).toContain(
          `<span class="error" id="${field}-error"><span class="visually-hidden">Error:</span> ${message.replace("'", '&#39;')}</span>`,
        );
        expect(page.text).toContain('There is a problem');
        // The choices come back as they were.
        expect(page.text).toMatch(/id="frequency-monthly" value="monthly" checked/);
        expect(page.text).toMatch(/name="coverFees" value="yes" checked/);
        expect(page.text).toMatch(/name="giftAid" id="giftAid" value="yes" checked/);
        if (field !== 'lastName') expect(page.text).toContain('value="Lovelace"');
        expect(sessionRequests()).toHaveLength(before);
      },
    );

    it('asks for no address when Gift Aid is not ticked', async () => {
      await post(form({ giftAid: '', houseNameOrNumber: '', postcode: '' })).expect(303);
    });

    it('refuses a form posted from another website (403) and accepts one from EMBED_ORIGINS', async () => {
      const before = sessionRequests().length;
      const page = await post(form(), 'https://evil.example').expect(403);
      expect(page.text).toContain('This form was sent from another website');
      expect(sessionRequests()).toHaveLength(before);
      await post(form(), SITE).expect(303);
      await post(form(), null).expect(303);
    });

    it('shows the form again with a 503 when Stripe is down, nothing charged', async () => {
      harness.stripe.script(
        { status: 500, body: { error: { type: 'api_error', message: 'boom' } } },
        { status: 500, body: { error: { type: 'api_error', message: 'boom' } } },
      );
      const page = await post(form()).expect(503);
      expect(page.text).toContain('We cannot take payments just now');
      expect(page.text).toContain('value="Ada"');
    });
  });

  describe('GET /donate/thanks', () => {
    const startCheckout = async (fields: Record<string, string> = {}): Promise<string> => {
      const answer = await post(form(fields)).expect(303);
      return /cs_test_\w+/.exec(answer.headers.location)![0];
    };

    it('thanks the donor by name with what they gave, once Stripe says it is paid', async () => {
      const id = await startCheckout();
      harness.stripe.completeSession(id, { name: 'A Lovelace', email: 'ada@example.org' });
      const page = await request(harness.url).get(`/donate/thanks?session_id=${id}`).expect(200);
      expect(page.text).toContain('Thank you, Ada!');
      expect(page.text).toContain('<p class="amount">£10.00 a month</p>');
      expect(page.text).toContain('You also covered the card fee of £0.36 a month');
      expect(page.text).toContain('an extra £2.50 a month from HMRC');
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
    });

    it('says the payment is still being confirmed while Stripe has not completed it', async () => {
      const id = await startCheckout();
      const page = await request(harness.url).get(`/donate/thanks?session_id=${id}`).expect(200);
      expect(page.text).toContain('your payment is being confirmed');
      expect(page.text).not.toContain('Ada');
    });

    it('answers 404 for an unknown or malformed session id, without asking Stripe about junk', async () => {
      await request(harness.url).get('/donate/thanks?session_id=cs_test_doesnotexist').expect(404);
      const before = harness.stripe.requests.length;
      await request(harness.url).get('/donate/thanks?session_id=../../v1/customers').expect(404);
      await request(harness.url).get('/donate/thanks').expect(404);
      expect(harness.stripe.requests).toHaveLength(before);
    });
  });

  it('a cancelled checkout returns to the form with the choices kept', async () => {
    await post(form({ amount: 'other', otherAmount: '12.50' })).expect(303);
    const cancel = new URL(stripeForm(sessionRequests().at(-1)!).get('cancel_url')!);
    const page = await request(harness.url).get(`${cancel.pathname}${cancel.search}`).expect(200);
    expect(page.text).toMatch(/id="amount-other" value="other" checked/);
    expect(page.text).toMatch(/name="otherAmount"[^>]*value="12.50"/);
    expect(page.text).toMatch(/id="frequency-monthly" value="monthly" checked/);
    expect(page.text).toMatch(/name="coverFees" value="yes" checked/);
    expect(page.text).toMatch(/name="giftAid" id="giftAid" value="yes" checked/);
    expect(page.text).toContain('name="campaign" value="winter"');
  });
});

describe('the donate form past the per-IP checkout limit', () => {
  let harness: DonationsHarness;
  beforeAll(async () => {
    harness = await DonationsHarness.start({ CHECKOUT_IP_LIMIT: '1', CHECKOUT_IP_WINDOW_SECONDS: '60' });
  });
  afterAll(() => harness.close());

  it('answers a browser 429 with a page saying to wait, Retry-After set, without calling Stripe', async () => {
    const post = () =>
      request(harness.url)
        .post('/donate')
        .type('form')
        .set('Accept', 'text/html')
        .send(form({ giftAid: '' }));
    await post().expect(303);
    const sessions = harness.stripe.requestsTo('POST', '/v1/checkout/sessions').length;
    const limited = await post().expect(429).expect('Content-Type', /html/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.text).toContain('Please wait a minute and try again.');
    expect(harness.stripe.requestsTo('POST', '/v1/checkout/sessions')).toHaveLength(sessions);
  });
});
