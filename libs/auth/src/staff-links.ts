import { StaffInvitation, type StaffLinkKind, type StaffRole, StaffUser } from '@crm/entities';
import type { TransactionalEmail } from '@crm/queues';
import { normaliseEmail } from '@crm/values';
import { randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { publicLink } from './public-link';
import { useOpenLink } from './staff-links.queries';
import { hashStaffToken } from './token-hash';

/** An invitation for an address that already has a staff account. */
export class StaffEmailTakenError extends Error {
  constructor() {
    super('A staff account with this email already exists');
    this.name = 'StaffEmailTakenError';
  }
}

export const INVITATION_LIFETIME_MS = 72 * 60 * 60 * 1000;
export const RESET_LIFETIME_MS = 60 * 60 * 1000;

const PATHS: Record<StaffLinkKind, string> = { invite: '/invite', password_reset: '/reset-password' };

/** A link just issued: the token is only ever in `url` (and the email). */
export interface IssuedLink {
  id: string;
  kind: StaffLinkKind;
  email: string;
  name: string | null;
  role: StaffRole | null;
  expiresAt: Date;
  url: string;
}

/**
 * One-time links to the console: invitations (72 h) and password resets (1 h). Only the SHA-256 of
 * a link's token is stored; a link works once, until it expires. Used by the console app and by
 * `npm run cli -- staff:invite` (the console app is their only other writer).
 */
export class StaffLinks {
  constructor(
    private readonly dataSource: DataSource,
    private readonly consoleUrl: string,
  ) {}

  /** Invites someone who has no account yet; an earlier unused invitation for the address stops working. */
  async invite(input: {
    email: string;
    role: StaffRole;
    name?: string | null;
    invitedBy?: string | null;
  }): Promise<IssuedLink> {
    const email = normaliseEmail(input.email);
    return this.dataSource.transaction(async (manager) => {
      if (await manager.getRepository(StaffUser).existsBy({ email })) throw new StaffEmailTakenError();
      await this.retireOpenLinks(manager, 'invite', email);
      return this.issue(manager, {
        kind: 'invite',
        email,
        name: input.name?.trim() || null,
        role: input.role,
        staffUserId: null,
        invitedBy: input.invitedBy ?? null,
        lifetimeMs: INVITATION_LIFETIME_MS,
      });
    });
  }

  /** A reset link for an existing account; an earlier unused one stops working. */
  async passwordReset(user: StaffUser): Promise<IssuedLink> {
    return this.dataSource.transaction(async (manager) => {
      await this.retireOpenLinks(manager, 'password_reset', user.email);
      return this.issue(manager, {
        kind: 'password_reset',
        email: user.email,
        name: user.name,
        role: null,
        staffUserId: user.id,
        invitedBy: null,
        lifetimeMs: RESET_LIFETIME_MS,
      });
    });
  }

  /**
   * Uses a link inside the caller's transaction: marks it accepted if it is of this kind, unused
   * and unexpired, and returns it; otherwise null. Two concurrent uses cannot both succeed.
   */
  async use(manager: EntityManager, kind: StaffLinkKind, token: string): Promise<StaffInvitation | null> {
    const id = await useOpenLink(manager, kind, hashStaffToken(token));
    return id ? manager.getRepository(StaffInvitation).findOneBy({ id }) : null;
  }

  private async retireOpenLinks(manager: EntityManager, kind: StaffLinkKind, email: string): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(StaffInvitation)
      .set({ expiresAt: () => 'now()' })
      .where('kind = :kind AND email = :email AND accepted_at IS NULL AND expires_at > now()', {
        kind,
        email,
      })
      .execute();
  }

  private async issue(
    manager: EntityManager,
    link: Omit<IssuedLink, 'id' | 'url' | 'expiresAt'> & {
      staffUserId: string | null;
      invitedBy: string | null;
      lifetimeMs: number;
    },
  ): Promise<IssuedLink> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + link.lifetimeMs);
    const saved = await manager.getRepository(StaffInvitation).save({
      kind: link.kind,
      tokenHash: hashStaffToken(token),
      email: link.email,
      name: link.name,
      role: link.role,
      staffUserId: link.staffUserId,
      invitedBy: link.invitedBy,
      expiresAt,
      acceptedAt: null,
    });
    return {
      id: saved.id,
      kind: link.kind,
      email: link.email,
      name: link.name,
      role: link.role,
      expiresAt,
      url: publicLink(this.consoleUrl, PATHS[link.kind], { token }),
    };
  }
}

/** The transactional email that delivers a link. */
export function linkEmail(link: IssuedLink): TransactionalEmail {
  return link.kind === 'invite'
    ? { template: 'staff-invitation', reference: link.id, invitationId: link.id, acceptUrl: link.url }
    : { template: 'staff-password-reset', reference: link.id, invitationId: link.id, resetUrl: link.url };
}
