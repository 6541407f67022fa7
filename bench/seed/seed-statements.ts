/**
 * Set-based SQL that generates realistic rows server-side, one chunk (`$1`..`$2`) per statement.
 * Supporter `g` has id md5('supporter-g'), so other tables can point at supporters without a lookup.
 */
export const supporterId = (expression: string): string => `md5('supporter-' || (${expression}))::uuid`;

/** Spreads donor ranks over all supporters (7919 is prime, so this permutes 1..N when N is not a multiple). */
const donor = (rank: string): string => supporterId(`((${rank})::bigint * 7919) % $3::int + 1`);

/** Of the supporters with a subscription, the share subscribed (and confirmed: only pending ones are not). */
const SUBSCRIBED_SHARE = 0.72;

export const SUPPORTERS_CHUNK = `
  WITH generated AS (
    SELECT g, random() AS tag_roll, random() AS age_roll, random() AS domain_roll, random() AS sub_roll,
           random() AS status_roll
    FROM generate_series($1::int, $2::int) g
  ), inserted AS (
    INSERT INTO supporters (id, email, email_normalised, first_name, last_name, tags, source, created_at, updated_at,
                            newsletter_confirmed)
    SELECT ${supporterId('g')},
           'supporter' || g || '@' || domain, 'supporter' || g || '@' || domain,
           (ARRAY['Alex','Sam','Jo','Priya','Tom','Aisha','Chris','Mei'])[1 + g % 8],
           (ARRAY['Smith','Jones','Patel','Brown','Khan','Taylor','Evans','Wilson'])[1 + (g / 8) % 8],
           CASE WHEN tag_roll < 0.65 THEN '{}'::text[] WHEN tag_roll < 0.75 THEN '{volunteer}'
                WHEN tag_roll < 0.85 THEN '{event}' WHEN tag_roll < 0.92 THEN '{campaigner}'
                WHEN tag_roll < 0.97 THEN '{volunteer,event}' ELSE '{press,campaigner}' END,
           (ARRAY['website','petition','event','import','checkout'])[1 + g % 5],
           created_at, created_at,
           -- what the subscription inserted below makes it, so its trigger has nothing to rewrite
           sub_roll < 0.6 AND status_roll < ${SUBSCRIBED_SHARE}
    FROM (
      SELECT *, now() - age_roll * age_roll * interval '6 years' AS created_at,
             CASE WHEN domain_roll < 0.4 THEN 'gmail.com' WHEN domain_roll < 0.55 THEN 'hotmail.co.uk'
                  WHEN domain_roll < 0.68 THEN 'yahoo.co.uk' WHEN domain_roll < 0.8 THEN 'outlook.com'
                  WHEN domain_roll < 0.88 THEN 'btinternet.com' WHEN domain_roll < 0.95 THEN 'icloud.com'
                  ELSE 'example.org' END AS domain
      FROM generated
    ) rows
    RETURNING id, created_at
  )
  INSERT INTO newsletter_subscriptions (supporter_id, status, requested_at, confirmed_at, source, updated_at)
  SELECT id, status, created_at,
         CASE WHEN status = 'pending' THEN NULL ELSE least(now(), created_at + random() * interval '2 days') END,
         'bench', created_at
  FROM (
    SELECT i.id, i.created_at,
           CASE WHEN g.status_roll < ${SUBSCRIBED_SHARE} THEN 'subscribed' WHEN g.status_roll < 0.86 THEN 'unsubscribed'
                WHEN g.status_roll < 0.94 THEN 'pending' WHEN g.status_roll < 0.98 THEN 'bounced'
                ELSE 'complained' END AS status
    FROM inserted i JOIN generated g ON i.id = ${supporterId('g.g')}
    WHERE g.sub_roll < 0.6
  ) subscribed`;

export const DONATIONS_CHUNK = `
  INSERT INTO donations (supporter_id, amount, refunded_amount, currency, frequency, status, campaign, paid_at, created_at, updated_at)
  SELECT ${donor('1 + floor($4::int * power(rank_roll, 1.8))::int')},
         amount,
         CASE status WHEN 'refunded' THEN amount WHEN 'partially_refunded' THEN amount / 2 ELSE 0 END,
         'gbp', 'one_off', status, campaign,
         CASE WHEN status IN ('failed', 'pending') THEN NULL ELSE at END, at, at
  FROM (
    SELECT random() AS rank_roll,
           CASE WHEN amount_roll < 0.55 THEN 300 + floor(random() * 2700)::int
                WHEN amount_roll < 0.85 THEN 3000 + floor(random() * 7000)::int
                WHEN amount_roll < 0.98 THEN 10000 + floor(random() * 40000)::int
                ELSE 50000 + floor(random() * 450000)::int END AS amount,
           CASE WHEN status_roll < 0.94 THEN 'succeeded' WHEN status_roll < 0.96 THEN 'partially_refunded'
                WHEN status_roll < 0.98 THEN 'refunded' WHEN status_roll < 0.995 THEN 'failed'
                ELSE 'pending' END AS status,
           CASE WHEN campaign_roll < 0.25
                THEN (ARRAY['spring-appeal','winter-appeal','emergency','christmas','marathon'])[1 + floor(campaign_roll * 20)::int]
           END AS campaign,
           now() - random() * interval '5 years' AS at
    FROM (SELECT random() AS amount_roll, random() AS status_roll, random() AS campaign_roll
          FROM generate_series($1::int, $2::int)) rolls
  ) gifts`;

export const MONTHLY_GIFTS_CHUNK = `
  INSERT INTO recurring_donations (stripe_subscription_id, supporter_id, amount, currency, status, started_at, created_at, updated_at)
  SELECT 'sub_bench_' || g, ${donor('g')}, 500 + 100 * floor(random() * 46)::int, 'gbp',
         CASE WHEN status_roll < 0.65 THEN 'active' WHEN status_roll < 0.9 THEN 'cancelled'
              WHEN status_roll < 0.95 THEN 'past_due' ELSE 'incomplete' END,
         started, started, started
  FROM (SELECT g, random() AS status_roll, now() - random() * interval '4 years' AS started
        FROM generate_series($1::int, $2::int) g) rows`;

export const GIFT_AID_CHUNK = `
  INSERT INTO gift_aid_declarations (supporter_id, first_name, last_name, house_name_or_number, postcode, wording_version, declared_at, cancelled_at)
  SELECT ${donor('g * 2')}, 'Alex', 'Smith', g::text, 'AB1 2CD', 'v1', declared,
         CASE WHEN random() < 0.05 THEN declared + interval '30 days' END
  FROM (SELECT g, now() - random() * interval '4 years' AS declared FROM generate_series($1::int, $2::int) g) rows`;

export const EMAIL_EVENTS_CHUNK = `
  INSERT INTO email_events (provider_event_id, type, supporter_id, occurred_at)
  SELECT 'bench-event-' || g, CASE WHEN random() < 0.7 THEN 'open' ELSE 'click' END,
         ${supporterId('1 + floor(random() * $3::int)::int')}, now() - random() * interval '400 days'
  FROM generate_series($1::int, $2::int) g`;

export const SUPPRESSIONS = `
  INSERT INTO suppressions (email_normalised, reason, source)
  SELECT email_normalised, 'bounce', 'bench' FROM supporters TABLESAMPLE BERNOULLI (1.5)
  ON CONFLICT DO NOTHING`;
