import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Serves the OpenAPI UI at `/docs` and the document at `/docs-json`. */
export function setUpDocs(app: INestApplication, appName: string): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(`supporter-crm ${appName}`)
      .setDescription(`The ${appName} app of supporter-crm. Staff routes need a bearer token.`)
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
