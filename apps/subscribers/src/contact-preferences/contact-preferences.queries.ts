import type { ContactBasis, ContactChannel, ContactStatus } from '@crm/entities';
import { mailableSupporter } from '@crm/segments';
import { runSql, runSqlOne, sql, type SqlExecutor } from '@crm/sql';

export interface PreferenceChange {
  supporterId: string;
  channel: ContactChannel;
  status: ContactStatus;
  basis: ContactBasis;
  note: string | null;
  recordedBy: string | null;
}

/** Sets a channel's current preference and adds the change to its history, in one statement. */
export async function recordPreference(db: SqlExecutor, change: PreferenceChange): Promise<void> {
  await runSql(
    db,
    sql`WITH upserted AS (
          INSERT INTO contact_preferences (supporter_id, channel, status, basis)
          VALUES (${change.supporterId}, ${change.channel}, ${change.status}, ${change.basis})
          ON CONFLICT (supporter_id, channel) DO UPDATE
            SET status = EXCLUDED.status, basis = EXCLUDED.basis, updated_at = now()
        )
        INSERT INTO contact_preference_events (supporter_id, channel, status, basis, note, recorded_by)
        VALUES (${change.supporterId}, ${change.channel}, ${change.status}, ${change.basis}, ${change.note}, ${change.recordedBy})`,
  );
}

export interface FpsRequestRow {
  id: string;
  supporter_id: string;
}

/**
 * Records a request once per FPS reference: the row, or null when the reference is already
 * recorded (see `fpsRequestByReference`).
 */
export const insertFpsRequest = (
  db: SqlExecutor,
  request: {
    supporterId: string;
    reference: string;
    receivedOn: string;
    channels: ContactChannel[];
    recordedBy: string;
  },
): Promise<FpsRequestRow | null> =>
  runSqlOne<FpsRequestRow>(
    db,
    sql`INSERT INTO fps_requests (supporter_id, reference, received_on, channels, recorded_by)
        VALUES (${request.supporterId}, ${request.reference}, ${request.receivedOn}::date,
                ${sql.typed(request.channels, 'text[]')}, ${request.recordedBy})
        ON CONFLICT (reference) DO NOTHING
        RETURNING id, supporter_id`,
  );

export interface ReachRow {
  alive: boolean;
  has_address: boolean;
  has_phone: boolean;
  mailable: boolean;
}

/** What each channel needs besides the preference: alive and not erased or merged, an address, a number, email eligibility. */
export const reachOf = (db: SqlExecutor, supporterId: string): Promise<ReachRow | null> =>
  runSqlOne<ReachRow>(
    db,
    sql`SELECT (s.deceased_at IS NULL AND s.erased_at IS NULL AND s.merged_into_id IS NULL) AS alive,
               cardinality(s.address_lines) > 0 AS has_address, s.phone IS NOT NULL AS has_phone,
               ${mailableSupporter('s')} AS mailable
          FROM supporters s WHERE s.id = ${supporterId}`,
  );
