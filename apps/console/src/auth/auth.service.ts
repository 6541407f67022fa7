import {
  CSRF_HEADER,
  csrfTokenMatches,
  linkEmail,
  type LiveSession,
  readCookie,
  recordStaffAudit,
  STAFF_SESSION_COOKIE,
  StaffLinks,
} from '@crm/auth';
import { APP_CONFIG } from '@crm/config';
import { StaffInvitation, type StaffRole, StaffSession, StaffUser } from '@crm/entities';
import { InjectProducer, QueueProducer, transactionalJobId, transactionalMailQueue } from '@crm/queues';
import { normaliseEmail } from '@crm/values';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import type { ConsoleConfig } from '../config/console.config';
import { SignInLockedError, StaffAuthError } from './auth.errors';
import { ConsoleSessions, type OpenedSession } from './console-sessions';
import { hashPassword, passwordProblem, verifyPassword } from './passwords';
import { ResetEmailLimiter } from './reset-email-limiter';
import { SignInLimiter, type Subject } from './sign-in-limiter';
import { acceptedTotpStep, otpauthQrCode, otpauthUrl, TotpSecrets } from './totp';

/** The signed-in person as the console shows them. */
export interface StaffView {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
}

/** What sign-in, `me`, accepting an invitation and enabling TOTP answer. */
export interface SignedIn {
  staff: StaffView;
  csrfToken: string;
  /** The organisation requires a second factor this person has not set up: only TOTP setup is open. */
  mustSetUpTotp: boolean;
  totpEnabled: boolean;
  /** The mailer keeps email in its dev outbox (no SendGrid key): the Outbox screen is worth showing. */
  devOutbox: boolean;
}

/** The request facts the audit and the limiter need. */
export interface Caller {
  ip: string;
  requestId: string | null;
  cookie: string | string[] | undefined;
  csrfHeader?: string | string[] | undefined;
}

const viewOf = (user: Pick<StaffUser, 'id' | 'email' | 'name' | 'role'>): StaffView => ({
  id: user.id,
  email: user.email,
  name: user.name,
  role: user.role,
});

@Injectable()
export class AuthService {
  private readonly totp: TotpSecrets;
  private readonly links: StaffLinks;
  private unknownUserHash: Promise<string> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: ConsoleSessions,
    private readonly limiter: SignInLimiter,
    private readonly resetEmails: ResetEmailLimiter,
    @Inject(APP_CONFIG) private readonly config: ConsoleConfig,
    @InjectProducer(transactionalMailQueue)
    private readonly mail: QueueProducer<typeof transactionalMailQueue>,
  ) {
    this.totp = new TotpSecrets(config.APP_SECRET);
    this.links = new StaffLinks(dataSource, config.CONSOLE_URL);
  }

  async login(
    input: { email: string; password: string; totp?: string },
    caller: Caller,
  ): Promise<SignedIn & { session: OpenedSession }> {
    const email = normaliseEmail(input.email);
    const subjects: Subject[] = [{ account: email }, { ip: caller.ip }];
    // Counted as a failure before the password is checked, so parallel guesses cannot outrun the lock.
    const counted = await this.limiter.attempt(subjects);
    if ('retryAfterSeconds' in counted) throw new SignInLockedError(counted.retryAfterSeconds);
    const { attempt } = counted;

    const user = await this.dataSource.getRepository(StaffUser).findOneBy({ email });
    // An unknown address costs the same hashing as a known one, so timing does not tell them apart.
    const passwordRight = await verifyPassword(
      input.password,
      user?.passwordHash ?? (await this.dummyHash()),
    );
    if (!user || !passwordRight || user.disabledAt) {
      const reason = !user ? 'unknown-account' : !passwordRight ? 'wrong-password' : 'disabled';
      return this.refuse(user, reason, caller);
    }
    let totpStep: number | null = null;
    if (user.totpEnabled) {
      if (!input.totp) {
        await this.limiter.release(attempt);
        throw new StaffAuthError(
          HttpStatus.UNAUTHORIZED,
          'TOTP_REQUIRED',
          'Enter the 6-digit code from your authenticator app',
        );
      }
      totpStep = await acceptedTotpStep(
        this.totp.open(user.totpSecret!),
        input.totp,
        user.totpLastStep === null ? null : Number(user.totpLastStep),
      );
      if (totpStep === null) return this.refuse(user, 'wrong-code', caller);
    }

    const mustSetUpTotp = this.mustUseTotp(user.role) && !user.totpEnabled;
    const session = await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(StaffUser).update(user.id, {
        lastSignInAt: () => 'now()',
        ...(totpStep === null ? {} : { totpLastStep: String(totpStep) }),
      });
      await recordStaffAudit(manager, {
        action: 'staff.sign-in',
        actor: { staffUserId: user.id, name: user.name },
        targetId: user.id,
        statusCode: 200,
        requestId: caller.requestId,
        details: { ip: caller.ip, twoFactor: user.totpEnabled },
      });
      return this.sessions.open(manager, user.id, mustSetUpTotp);
    });
    await this.limiter.release(attempt);
    await this.limiter.clear({ account: email });
    return {
      staff: viewOf(user),
      csrfToken: session.csrfToken,
      mustSetUpTotp,
      totpEnabled: user.totpEnabled,
      devOutbox: this.config.DEV_OUTBOX,
      session,
    };
  }

  /** The caller's session, or a 401; `write` also demands its CSRF token. */
  async requireSession(
    caller: Caller,
    { write }: { write: boolean },
  ): Promise<LiveSession & { token: string }> {
    const token = readCookie(caller.cookie, STAFF_SESSION_COOKIE);
    const session = token ? await this.sessions.find(token) : null;
    if (!token || !session) {
      throw new StaffAuthError(
        HttpStatus.UNAUTHORIZED,
        'NOT_SIGNED_IN',
        'Not signed in, or the session has ended',
      );
    }
    if (write && !csrfTokenMatches(caller.csrfHeader, session.csrfToken)) {
      throw new StaffAuthError(
        HttpStatus.FORBIDDEN,
        'CSRF_TOKEN_REQUIRED',
        `A change made with a console session needs the session's CSRF token in ${CSRF_HEADER}`,
      );
    }
    this.sessions.touch(token);
    return { ...session, token };
  }

  async me(caller: Caller): Promise<SignedIn> {
    const session = await this.requireSession(caller, { write: false });
    return {
      staff: viewOf(session.user),
      csrfToken: session.csrfToken,
      mustSetUpTotp: session.mustSetUpTotp,
      totpEnabled: session.user.totpEnabled,
      devOutbox: this.config.DEV_OUTBOX,
    };
  }

  async logout(caller: Caller): Promise<void> {
    const token = readCookie(caller.cookie, STAFF_SESSION_COOKIE);
    if (!token) return;
    const session = await this.sessions.find(token);
    await this.sessions.end(token);
    if (session) {
      await recordStaffAudit(this.dataSource, {
        action: 'staff.sign-out',
        actor: { staffUserId: session.user.id, name: session.user.name },
        targetId: session.user.id,
        statusCode: 204,
        requestId: caller.requestId,
      });
    }
  }

  async acceptInvitation(
    input: { token: string; password: string; name?: string },
    caller: Caller,
  ): Promise<SignedIn & { session: OpenedSession }> {
    this.checkPassword(input.password);
    return this.dataSource.transaction(async (manager) => {
      const invitation = await this.links.use(manager, 'invite', input.token);
      if (!invitation) throw linkInvalid();
      const name = input.name?.trim() || invitation.name;
      if (!name)
        throw StaffAuthError.field('NAME_REQUIRED', 'name', 'is required: the invitation names nobody');
      const users = manager.getRepository(StaffUser);
      if (await users.existsBy({ email: invitation.email })) {
        throw new StaffAuthError(
          HttpStatus.CONFLICT,
          'STAFF_EXISTS',
          'A staff account with this email already exists; sign in instead',
        );
      }
      const user = await users.save({
        email: invitation.email,
        name,
        role: invitation.role!,
        passwordHash: await hashPassword(input.password),
        totpSecret: null,
        totpEnabled: false,
        totpLastStep: null,
        disabledAt: null,
        lastSignInAt: new Date(),
      });
      await manager.getRepository(StaffInvitation).update(invitation.id, { staffUserId: user.id });
      await recordStaffAudit(manager, {
        action: 'staff.invitation-accepted',
        actor: { staffUserId: user.id, name: user.name },
        targetId: user.id,
        statusCode: 200,
        requestId: caller.requestId,
        details: { invitationId: invitation.id, role: user.role, ip: caller.ip },
      });
      const mustSetUpTotp = this.mustUseTotp(user.role);
      const session = await this.sessions.open(manager, user.id, mustSetUpTotp);
      return {
        staff: viewOf(user),
        csrfToken: session.csrfToken,
        mustSetUpTotp,
        totpEnabled: false,
        devOutbox: this.config.DEV_OUTBOX,
        session,
      };
    });
  }

  /**
   * Emails a reset link when the address belongs to an enabled account that has not already had
   * its 3 reset emails this hour; says nothing either way.
   */
  async requestPasswordReset(emailInput: string, caller: Caller): Promise<void> {
    const email = normaliseEmail(emailInput);
    const user = await this.dataSource.getRepository(StaffUser).findOneBy({ email });
    if (!user || user.disabledAt) return;
    // Held back quietly: the earlier emails' latest link still works (each new one retires the last).
    if (!(await this.resetEmails.take(user.id))) return;
    const link = await this.links.passwordReset(user);
    const message = linkEmail(link);
    await this.mail.add('send-email', message, { jobId: transactionalJobId(message) });
    await recordStaffAudit(this.dataSource, {
      action: 'staff.password-reset-requested',
      actor: { staffUserId: null, name: 'password reset form' },
      targetId: user.id,
      statusCode: 202,
      requestId: caller.requestId,
      details: { ip: caller.ip },
    });
  }

  /** Sets the new password, ends every session of the account, and lifts its sign-in lock. */
  async completePasswordReset(input: { token: string; password: string }, caller: Caller): Promise<void> {
    this.checkPassword(input.password);
    const user = await this.dataSource.transaction(async (manager) => {
      const link = await this.links.use(manager, 'password_reset', input.token);
      if (!link) throw linkInvalid();
      const users = manager.getRepository(StaffUser);
      const found = await users.findOneBy({ id: link.staffUserId! });
      if (!found || found.disabledAt) throw linkInvalid();
      await users.update(found.id, { passwordHash: await hashPassword(input.password) });
      await this.sessions.endAllFor(manager, found.id);
      await recordStaffAudit(manager, {
        action: 'staff.password-reset',
        actor: { staffUserId: found.id, name: found.name },
        targetId: found.id,
        statusCode: 204,
        requestId: caller.requestId,
        details: { ip: caller.ip },
      });
      return found;
    });
    await this.limiter.clear({ account: user.email });
  }

  /** Starts TOTP setup: a new secret, stored sealed, shown once to the person for their app. */
  async setUpTotp(caller: Caller): Promise<{ secret: string; otpauthUrl: string; qrCode: string }> {
    const session = await this.requireSession(caller, { write: true });
    if (session.user.totpEnabled) {
      throw new StaffAuthError(
        HttpStatus.CONFLICT,
        'TOTP_ALREADY_ENABLED',
        'Two-factor sign-in is already on',
      );
    }
    const secret = this.totp.generate();
    await this.dataSource
      .getRepository(StaffUser)
      .update(session.user.id, { totpSecret: this.totp.seal(secret) });
    const url = otpauthUrl(secret, session.user.email, this.config.ORG_NAME);
    return { secret, otpauthUrl: url, qrCode: await otpauthQrCode(url) };
  }

  /** Turns TOTP on once the person proves their app has the secret; their sessions may then go everywhere. */
  async enableTotp(code: string, caller: Caller): Promise<SignedIn> {
    const session = await this.requireSession(caller, { write: true });
    const user = await this.dataSource.getRepository(StaffUser).findOneByOrFail({ id: session.user.id });
    if (user.totpEnabled) {
      throw new StaffAuthError(
        HttpStatus.CONFLICT,
        'TOTP_ALREADY_ENABLED',
        'Two-factor sign-in is already on',
      );
    }
    if (!user.totpSecret) {
      throw new StaffAuthError(HttpStatus.CONFLICT, 'TOTP_NOT_STARTED', 'Start two-factor setup first');
    }
    const step = await acceptedTotpStep(this.totp.open(user.totpSecret), code, null);
    if (step === null) {
      throw StaffAuthError.field(
        'TOTP_CODE_WRONG',
        'code',
        'is not the current code from your authenticator app',
      );
    }
    await this.dataSource.transaction(async (manager) => {
      await manager
        .getRepository(StaffUser)
        .update(user.id, { totpEnabled: true, totpLastStep: String(step) });
      await manager
        .getRepository(StaffSession)
        .update({ staffUserId: user.id, endedAt: IsNull() }, { mustSetUpTotp: false });
      await recordStaffAudit(manager, {
        action: 'staff.two-factor-enabled',
        actor: { staffUserId: user.id, name: user.name },
        targetId: user.id,
        statusCode: 200,
        requestId: caller.requestId,
      });
    });
    return {
      staff: viewOf(user),
      csrfToken: session.csrfToken,
      mustSetUpTotp: false,
      totpEnabled: true,
      devOutbox: this.config.DEV_OUTBOX,
    };
  }

  private mustUseTotp(role: StaffRole): boolean {
    const required = this.config.STAFF_REQUIRE_2FA;
    return required === 'all' || (required === 'admin' && role === 'admin');
  }

  private checkPassword(password: string): void {
    const problem = passwordProblem(password);
    if (problem) throw StaffAuthError.field('PASSWORD_REFUSED', 'password', problem);
  }

  /** Refuses a sign-in whose attempt stays counted as a failure. */
  private async refuse(user: StaffUser | null, reason: string, caller: Caller): Promise<never> {
    await recordStaffAudit(this.dataSource, {
      action: 'staff.sign-in-failed',
      actor: { staffUserId: null, name: 'sign-in form' },
      targetId: user?.id ?? null,
      statusCode: 401,
      requestId: caller.requestId,
      details: { reason, ip: caller.ip },
    });
    throw StaffAuthError.badCredentials();
  }

  private dummyHash(): Promise<string> {
    this.unknownUserHash ??= hashPassword('not anybody’s password, only hashing time');
    return this.unknownUserHash;
  }
}

const linkInvalid = (): StaffAuthError =>
  StaffAuthError.field(
    'LINK_INVALID',
    'token',
    'this link has expired or has already been used; ask for a new one',
  );
