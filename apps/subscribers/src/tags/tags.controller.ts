import { RequirePermission } from '@crm/auth';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TagListDto, TagsQueryDto } from './dto/tags.dto';
import { TagsService } from './tags.service';

@ApiTags('tags')
@ApiBearerAuth()
@Controller('tags')
export class TagsController {
  constructor(private readonly tags: TagsService) {}

  @Get()
  @RequirePermission('supporters:read')
  @ApiOperation({ summary: 'Tags in use containing `q`, most used first (for autocomplete).' })
  @ApiOkResponse({ type: TagListDto })
  search(@Query() query: TagsQueryDto): Promise<TagListDto> {
    return this.tags.search(query);
  }
}
