import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** The app's OpenAPI document: what `/docs-json` serves and the console's API types are generated from. */
export function openApiDocument(app: INestApplication, appName: string): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(`supporter-crm ${appName}`)
      .setDescription(`The ${appName} app of supporter-crm. Staff routes need a bearer token.`)
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
}

/** Serves the OpenAPI UI at `/docs` and the document at `/docs-json`. */
export function setUpDocs(app: INestApplication, appName: string): void {
  SwaggerModule.setup('docs', app, openApiDocument(app, appName), { jsonDocumentUrl: 'docs-json' });
}
