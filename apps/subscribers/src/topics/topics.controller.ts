import { RequirePermission } from '@crm/auth';
import { UuidParam } from '@crm/platform';
import { Body, Controller, Get, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateTopicDto, TopicDto, TopicListDto, UpdateTopicDto } from './dto/topic.dto';
import { TopicsService } from './topics.service';

@ApiTags('topics')
@ApiBearerAuth()
@Controller('topics')
export class TopicsController {
  constructor(private readonly topics: TopicsService) {}

  @Get()
  @RequirePermission('supporters:read')
  @ApiOperation({ summary: 'The email topics supporters choose from, with how many are subscribed to each.' })
  @ApiOkResponse({ type: TopicListDto })
  list(): Promise<TopicListDto> {
    return this.topics.list();
  }

  @Post()
  @RequirePermission('supporters:write')
  @ApiOperation({ summary: 'Adds a topic; it appears on the preference page at once, nobody on it yet.' })
  @ApiCreatedResponse({ type: TopicDto })
  create(@Body() input: CreateTopicDto): Promise<TopicDto> {
    return this.topics.create(input);
  }

  @Patch(':id')
  @RequirePermission('supporters:write')
  @ApiOperation({
    summary: 'Renames a topic, changes its description, or whether soft opt-in donors may receive it.',
  })
  @ApiOkResponse({ type: TopicDto })
  update(@UuidParam('id') id: string, @Body() input: UpdateTopicDto): Promise<TopicDto> {
    return this.topics.update(id, input);
  }
}
