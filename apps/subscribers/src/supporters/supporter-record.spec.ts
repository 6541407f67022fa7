import { type BootedApp, bootApp, staffBearer, TestEnvironment } from '@crm/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { loadSubscribersConfig } from '../config/subscribers.config';
import { SubscribersModule } from '../subscribers.module';

interface Channel {
  channel: string;
  status: string;
  basis: string | null;
  contactable: boolean;
}

describe('the fuller supporter record: address, phone, death, contact preferences, FPS', () => {
  let env: TestEnvironment;
  let booted: BootedApp;
  let db: DataSource;
  let comms: string;
  let viewer: string;

  const seed = async (email: string, subscribed = true): Promise<string> => {
    const [{ id }] = (await db.query(
      `INSERT INTO supporters (email, email_normalised, first_name, last_name) VALUES ($1, $1, 'Ada', 'Lovelace') RETURNING id`,
      [email],
    )) as { id: string }[];
    if (subscribed) {
      await db.query(
        `INSERT INTO newsletter_subscriptions (supporter_id, status, confirmed_at) VALUES ($1, 'subscribed', now())`,
        [id],
      );
    }
    return id;
  };
  const patch = (id: string, body: object) =>
    request(booted.url).patch(`/supporters/${id}`).set('Authorization', comms).send(body);
  const profile = async (id: string) =>
    (await request(booted.url).get(`/supporters/${id}`).set('Authorization', viewer).expect(200)).body;
  const channel = (body: { contactPreferences: { channels: Channel[] } }, name: string): Channel =>
    body.contactPreferences.channels.find((entry) => entry.channel === name)!;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    booted = await bootApp(loadSubscribersConfig(env.env()), SubscribersModule.forRoot);
    db = booted.app.get(DataSource);
    comms = await staffBearer(db, 'comms');
    viewer = await staffBearer(db, 'viewer');
  });
  afterAll(async () => {
    await booted.close();
    await env.destroy();
  });

  it('stores an address with its UK postcode normalised and a phone in E.164, and shows them on the profile', async () => {
    const id = await seed('address@example.org');
    const answer = await patch(id, {
      address: { lines: ['Flat 2', ' 10 High Street '], town: 'Bristol', postcode: 'bs14dj' },
      phone: '07911 123456',
    }).expect(200);

    expect(answer.body.address).toEqual({
      lines: ['Flat 2', '10 High Street'],
      town: 'Bristol',
      postcode: 'BS1 4DJ',
      country: 'GB',
    });
    expect(answer.body.phone).toBe('+447911123456');
    const shown = await profile(id);
    expect(shown.address.postcode).toBe('BS1 4DJ');
    expect(channel(shown, 'post')).toMatchObject({ status: 'not_recorded', contactable: true });
    expect(channel(shown, 'phone')).toMatchObject({ status: 'not_recorded', contactable: true });
    // SMS needs consent recorded first (PECR).
    expect(channel(shown, 'sms').contactable).toBe(false);

    await patch(id, { address: null }).expect(200);
    expect((await profile(id)).address).toBeNull();
  });

  it.each([
    ['an outward code alone', { lines: ['1 Road'], town: 'Leeds', postcode: 'LS1' }, 'address.postcode'],
    ['no postcode for a GB address', { lines: ['1 Road'], town: 'Leeds' }, 'address.postcode'],
    ['a made-up postcode', { lines: ['1 Road'], town: 'Leeds', postcode: 'ZZ99 9ZZZ' }, 'address.postcode'],
    ['no lines', { lines: [], town: 'Leeds', postcode: 'LS1 4DY' }, 'address.lines'],
    ['an unknown country', { lines: ['1 Road'], town: 'Leeds', country: 'XX' }, 'address.country'],
    [
      'a line break in a line',
      { lines: ['1 Road\nLeeds'], town: 'Leeds', postcode: 'LS1 4DY' },
      'address.lines',
    ],
  ])('refuses %s with a 400 naming the field, changing nothing', async (_name, address, field) => {
    const id = await seed(`bad-${field}-${Math.random()}@example.org`);
    const answer = await patch(id, { address, firstName: 'Changed' }).expect(400);

    expect(answer.body.details.map((detail: { field: string }) => detail.field)).toContain(field);
    expect((await profile(id)).firstName).toBe('Ada');
  });

  it('takes a non-UK postcode as given when the country is not GB', async () => {
    const id = await seed('paris@example.org');
    const answer = await patch(id, {
      address: { lines: ['1 Rue de Rivoli'], town: 'Paris', postcode: '75001', country: 'FR' },
    }).expect(200);
    expect(answer.body.address).toMatchObject({ postcode: '75001', country: 'FR' });
  });

  it.each([
    [{ phone: '12345' }, 'phone'],
    [{ dateOfDeath: '2999-01-01' }, 'dateOfDeath'],
    [{ dateOfDeath: '2026-02-30' }, 'dateOfDeath'],
    [{ deceased: 'yes' }, 'deceased'],
    [
      { contactPreferences: { post: { status: 'maybe', basis: 'consent' } } },
      'contactPreferences.post.status',
    ],
    [
      { contactPreferences: { fax: { status: 'refused', basis: 'supporter_request' } } },
      'contactPreferences.fax',
    ],
    [
      { contactPreferences: { email: { status: 'allowed', basis: 'legitimate_interests' } } },
      'contactPreferences.email.basis',
    ],
    [
      { contactPreferences: { post: { status: 'refused', basis: 'consent' } } },
      'contactPreferences.post.basis',
    ],
  ])('refuses %j with a 400 naming %s', async (body, field) => {
    const id = await seed(`bad-${field}-${Math.random()}@example.org`);
    const answer = await patch(id, body).expect(400);

    expect(answer.body.message).toContain(field);
  });

  it('records each preference change with its basis in the history, and a refusal stops the channel', async () => {
    const id = await seed('prefs@example.org');
    await patch(id, {
      address: { lines: ['1 Road'], town: 'Leeds', postcode: 'LS1 4DY' },
      contactPreferences: { post: { status: 'allowed', basis: 'legitimate_interests' } },
    }).expect(200);
    const answer = await patch(id, {
      contactPreferences: {
        post: { status: 'refused', basis: 'supporter_request', note: 'Asked by letter' },
      },
    }).expect(200);

    expect(channel(answer.body, 'post')).toMatchObject({
      status: 'refused',
      basis: 'supporter_request',
      contactable: false,
    });
    expect(answer.body.contactPreferences.history).toEqual([
      expect.objectContaining({ channel: 'post', status: 'allowed', basis: 'legitimate_interests' }),
      expect.objectContaining({
        channel: 'post',
        status: 'refused',
        basis: 'supporter_request',
        note: 'Asked by letter',
        recordedBy: expect.any(String),
      }),
    ]);
  });

  it('applies a Fundraising Preference Service request at once: post and phone stop, with the 28-day deadline shown', async () => {
    const id = await seed('fps@example.org');
    await patch(id, {
      address: { lines: ['1 Road'], town: 'Leeds', postcode: 'LS1 4DY' },
      phone: '0113 496 0000',
    }).expect(200);
    const before = await profile(id);
    expect(channel(before, 'post').contactable).toBe(true);
    expect(channel(before, 'phone').contactable).toBe(true);

    const answer = await request(booted.url)
      .post(`/supporters/${id}/fps-requests`)
      .set('Authorization', comms)
      .send({ reference: 'FPS-000123', receivedOn: '2026-11-30', channels: ['post', 'phone'] })
      .expect(200);

    expect(answer.body.fpsRequests).toEqual([
      expect.objectContaining({
        reference: 'FPS-000123',
        receivedOn: '2026-11-30',
        deadline: '2026-12-28',
        channels: ['post', 'phone'],
      }),
    ]);
    const after = await profile(id);
    expect(channel(after, 'post')).toMatchObject({
      status: 'refused',
      basis: 'fps_request',
      contactable: false,
    });
    expect(channel(after, 'phone')).toMatchObject({
      status: 'refused',
      basis: 'fps_request',
      contactable: false,
    });
    expect(channel(after, 'email').contactable).toBe(true);
    // The post audience drops them at once.
    const preview = await request(booted.url)
      .post('/segments/preview')
      .set('Authorization', comms)
      .send({ rules: { field: 'supporter.contactable_by_post', op: 'eq', value: true } })
      .expect(200);
    expect(preview.body.sample.map((member: { id: string }) => member.id)).not.toContain(id);

    // The same request again changes nothing; its reference on another supporter is a 409.
    await request(booted.url)
      .post(`/supporters/${id}/fps-requests`)
      .set('Authorization', comms)
      .send({ reference: 'FPS-000123', receivedOn: '2026-11-30', channels: ['post', 'phone'] })
      .expect(200);
    expect((await profile(id)).contactPreferences.history).toHaveLength(2);
    const other = await seed('fps-other@example.org');
    await request(booted.url)
      .post(`/supporters/${other}/fps-requests`)
      .set('Authorization', comms)
      .send({ reference: 'FPS-000123', receivedOn: '2026-11-30', channels: ['post'] })
      .expect(409);
  });

  it('refuses an FPS request naming no channel or a future date, with a 400 naming the field', async () => {
    const id = await seed('fps-bad@example.org');
    const send = (body: object) =>
      request(booted.url).post(`/supporters/${id}/fps-requests`).set('Authorization', comms).send(body);

    expect(
      (await send({ reference: 'X1', receivedOn: '2026-11-30', channels: [] }).expect(400)).body.message,
    ).toContain('channels');
    expect(
      (await send({ reference: 'X2', receivedOn: '2999-01-01', channels: ['post'] }).expect(400)).body
        .message,
    ).toContain('receivedOn');
    expect(
      (await send({ reference: 'X3', receivedOn: '2026-11-30', channels: ['fax'] }).expect(400)).body.message,
    ).toContain('channels');
  });

  it('a deceased supporter leaves every audience and every mailable count at once', async () => {
    const id = await seed('deceased@example.org');
    await db.query(`UPDATE supporters SET tags = '{memorial-test}' WHERE id = $1`, [id]);
    const segment = (
      await request(booted.url)
        .post('/segments')
        .set('Authorization', comms)
        .send({ name: 'Memorial test', rules: { field: 'tags', op: 'contains', value: 'memorial-test' } })
        .expect(201)
    ).body;
    const preview = async () =>
      (
        await request(booted.url)
          .post('/segments/preview')
          .set('Authorization', comms)
          .send({ rules: segment.rules })
          .expect(200)
      ).body;
    expect(await preview()).toMatchObject({ count: 1, mailable: 1 });

    const answer = await patch(id, { dateOfDeath: '2026-11-03' }).expect(200);

    expect(answer.body).toMatchObject({ deceased: true, dateOfDeath: '2026-11-03' });
    expect(answer.body.contactPreferences.channels.every((entry: Channel) => !entry.contactable)).toBe(true);
    expect(await preview()).toMatchObject({ count: 0, mailable: 0 });
    const members = await request(booted.url)
      .get(`/segments/${segment.id}/members`)
      .set('Authorization', viewer)
      .expect(200);
    expect(members.body.items).toEqual([]);
    // Staff can still list them, through the deceased field alone; never as mailable.
    const deceased = await request(booted.url)
      .post('/segments/preview')
      .set('Authorization', comms)
      .send({
        rules: {
          all: [segment.rules, { field: 'supporter.deceased', op: 'eq', value: true }],
        },
      })
      .expect(200);
    expect(deceased.body).toMatchObject({ count: 1, mailable: 0 });
  });

  it('pages the suggested duplicate pairs with an opaque cursor and refuses a forged one', async () => {
    for (const n of [1, 2, 3]) {
      for (const copy of ['a', 'b']) {
        await db.query(
          `INSERT INTO supporters (email, email_normalised, first_name, last_name, postcode, country, address_lines)
           VALUES ($1, $1, $2, 'Pager', 'LS1 4DY', 'GB', '{1 Road}')`,
          [`pager${n}${copy}@example.org`, copy === 'a' ? `Pat${n}` : ` pat${n} `],
        );
      }
    }
    const page = (query: string) =>
      request(booted.url).get(`/supporters/duplicates${query}`).set('Authorization', viewer);
    const pagers = (items: { supporters: { lastName: string }[] }[]) =>
      items.filter((pair) => pair.supporters.every((supporter) => supporter.lastName === 'Pager'));

    const first = (await page('?limit=2').expect(200)).body;
    const rest = (await page(`?limit=200&cursor=${first.nextCursor}`).expect(200)).body;

    expect(first.items).toHaveLength(2);
    expect(pagers([...first.items, ...rest.items])).toHaveLength(3);
    expect(rest.nextCursor).toBeNull();
    const forged = Buffer.from(JSON.stringify({ id: 'x:y' })).toString('base64url');
    expect((await page(`?cursor=${forged}`).expect(400)).body.message).toContain('cursor');
  });
});
