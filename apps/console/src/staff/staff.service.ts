import {
  linkEmail,
  recordStaffAudit,
  StaffEmailTakenError,
  StaffLinks,
  type StaffPrincipal,
} from '@crm/auth';
import { APP_CONFIG } from '@crm/config';
import { type StaffRole, StaffUser } from '@crm/entities';
import { InjectProducer, QueueProducer, transactionalJobId, transactionalMailQueue } from '@crm/queues';
import { afterCreatedAtSql, createdAtPosition, decodeCursor, type Page, toPage } from '@crm/platform';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { StaffAuthError } from '../auth/auth.errors';
import { lockAdminChanges } from '../auth/auth.queries';
import { ConsoleSessions } from '../auth/console-sessions';
import type { ConsoleConfig } from '../config/console.config';
import type { InvitationDto, InviteStaffDto, UpdateStaffDto } from './dto/staff.dto';
import { StaffMemberDto } from './dto/staff.dto';

/** Admin work on staff accounts: list, invite, change role, disable. */
@Injectable()
export class StaffService {
  private readonly links: StaffLinks;

  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: ConsoleSessions,
    @Inject(APP_CONFIG) config: ConsoleConfig,
    @InjectProducer(transactionalMailQueue)
    private readonly mail: QueueProducer<typeof transactionalMailQueue>,
  ) {
    this.links = new StaffLinks(dataSource, config.CONSOLE_URL);
  }

  async list(limit: number, cursor: string | undefined): Promise<Page<StaffMemberDto>> {
    const after = decodeCursor(cursor, 'by-time');
    const query = this.dataSource
      .getRepository(StaffUser)
      .createQueryBuilder('staff')
      .orderBy('staff.created_at', 'DESC')
      .addOrderBy('staff.id', 'DESC')
      .limit(limit + 1);
    if (after) {
      query.where(afterCreatedAtSql('staff_users', 'staff', ':at', ':id'), { at: after.at, id: after.id });
    }
    const users = await query.getMany();
    return toPage(
      users,
      limit,
      (user) => createdAtPosition({ created_at: user.createdAt, id: user.id }),
      StaffMemberDto.from,
    );
  }

  async invite(
    input: InviteStaffDto,
    admin: StaffPrincipal,
    requestId: string | null,
  ): Promise<InvitationDto> {
    const link = await this.links
      .invite({ ...input, invitedBy: admin.staffUserId })
      .catch((error: unknown) => {
        if (!(error instanceof StaffEmailTakenError)) throw error;
        throw new StaffAuthError(HttpStatus.CONFLICT, 'STAFF_EXISTS', `email: ${error.message}`, [
          { field: 'email', messages: [error.message] },
        ]);
      });
    const message = linkEmail(link);
    await this.mail.add('send-email', message, { jobId: transactionalJobId(message) });
    await recordStaffAudit(this.dataSource, {
      action: 'staff.invited',
      actor: { staffUserId: admin.staffUserId, name: admin.name },
      targetId: null,
      statusCode: 201,
      requestId,
      details: { invitationId: link.id, role: link.role },
    });
    return {
      id: link.id,
      email: link.email,
      role: link.role!,
      name: link.name,
      expiresAt: link.expiresAt.toISOString(),
      url: link.url,
    };
  }

  async update(
    id: string,
    change: UpdateStaffDto,
    admin: StaffPrincipal,
    requestId: string | null,
  ): Promise<StaffMemberDto> {
    return this.dataSource.transaction(async (manager) => {
      await lockAdminChanges(manager);
      const users = manager.getRepository(StaffUser);
      const user = await users.findOneBy({ id });
      if (!user)
        throw new StaffAuthError(HttpStatus.NOT_FOUND, 'STAFF_NOT_FOUND', 'No staff account has this id');
      const role: StaffRole = change.role ?? user.role;
      const disabled = change.disabled ?? user.disabledAt !== null;
      if (user.role === 'admin' && user.disabledAt === null && (role !== 'admin' || disabled)) {
        await this.keepAnAdmin(manager, user.id);
      }
      const audit = (action: 'staff.role-changed' | 'staff.disabled' | 'staff.enabled', details = {}) =>
        recordStaffAudit(manager, {
          action,
          actor: { staffUserId: admin.staffUserId, name: admin.name },
          targetId: user.id,
          statusCode: 200,
          requestId,
          details,
        });
      if (role !== user.role) {
        await users.update(user.id, { role });
        await audit('staff.role-changed', { from: user.role, to: role });
        user.role = role;
      }
      if (disabled !== (user.disabledAt !== null)) {
        await users.update(user.id, { disabledAt: disabled ? () => 'now()' : null });
        if (disabled) await this.sessions.endAllFor(manager, user.id);
        await audit(disabled ? 'staff.disabled' : 'staff.enabled');
      }
      return StaffMemberDto.from((await users.findOneBy({ id }))!);
    });
  }

  private async keepAnAdmin(manager: EntityManager, leaving: string): Promise<void> {
    const others = await manager
      .getRepository(StaffUser)
      .createQueryBuilder('staff')
      .where("staff.role = 'admin' AND staff.disabled_at IS NULL AND staff.id <> :leaving", { leaving })
      .getCount();
    if (others === 0) {
      throw new StaffAuthError(
        HttpStatus.CONFLICT,
        'LAST_ADMIN',
        'This is the only enabled admin; make someone else an admin first',
      );
    }
  }
}
