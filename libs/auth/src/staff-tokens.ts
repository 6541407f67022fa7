import { STAFF_ROLES, StaffToken, type StaffRole } from '@crm/entities';
import type { DataSource } from 'typeorm';
import { generateStaffToken, hashStaffToken } from './token-hash';

export interface CreatedToken {
  id: string;
  token: string;
}

/** Creating, listing and revoking staff tokens (used by the CLI). */
export class StaffTokens {
  constructor(private readonly dataSource: DataSource) {}

  async create(name: string, role: string): Promise<CreatedToken> {
    if (!name.trim()) throw new Error('--name is required');
    if (!STAFF_ROLES.includes(role as StaffRole)) {
      throw new Error(`--role must be one of ${STAFF_ROLES.join(', ')}`);
    }
    const token = generateStaffToken();
    const saved = await this.dataSource.getRepository(StaffToken).save({
      name: name.trim(),
      role: role as StaffRole,
      tokenHash: hashStaffToken(token),
      revokedAt: null,
    });
    return { id: saved.id, token };
  }

  list(): Promise<StaffToken[]> {
    return this.dataSource.getRepository(StaffToken).find({ order: { createdAt: 'ASC' } });
  }

  /** Revokes by id or by name; returns how many tokens were revoked. */
  async revoke(idOrName: string): Promise<number> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(StaffToken)
      .set({ revokedAt: () => 'now()' })
      .where('revoked_at IS NULL')
      .andWhere(/^[0-9a-f-]{36}$/i.test(idOrName) ? '(id = :value OR name = :value)' : 'name = :value', {
        value: idOrName,
      })
      .execute();
    return result.affected ?? 0;
  }
}
