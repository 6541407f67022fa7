import { Public } from '@crm/auth';
import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { MetricsTokenGuard } from './metrics-token.guard';
import { MetricsRegistry } from './metrics.registry';

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsRegistry) {}

  /** No staff token: Prometheus has none. METRICS_TOKEN guards it instead. */
  @Public()
  @UseGuards(MetricsTokenGuard)
  @ApiBearerAuth()
  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiProduces('text/plain')
  @ApiOperation({
    summary: 'Prometheus metrics',
    description:
      'Needs Authorization: Bearer <METRICS_TOKEN> when METRICS_TOKEN is set; without it, open in development and not served in production.',
  })
  render(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
