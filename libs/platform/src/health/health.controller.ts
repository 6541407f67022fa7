import { Public } from '@crm/auth';
import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { RedisHealthIndicator } from './redis-health.indicator';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly postgres: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'PostgreSQL and Redis reachability; 503 names what is down' })
  async check() {
    try {
      return await this.health.check([
        () => this.postgres.pingCheck('postgres', { timeout: 1_500 }),
        () => this.redis.check('redis'),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as { error?: Record<string, unknown> };
      const down = Object.keys(result.error ?? {});
      throw new ServiceUnavailableException({ message: `Unavailable: ${down.join(', ')}`, details: result });
    }
  }
}
