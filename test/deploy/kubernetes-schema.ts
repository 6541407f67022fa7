import * as models from 'kubernetes-models';
import { parseAllDocuments } from 'yaml';

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  /** ConfigMap and Secret contents. */
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

type ModelClass = new (data: unknown) => { validate(): void };

/** `networking.k8s.io/v1` → kubernetes-models' `networkingK8sIo.v1`; the core group is `v1`. */
function modelFor(apiVersion: string, kind: string): ModelClass {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const groupKey = group
    .split('.')
    .map((part, i) => (i === 0 ? part : part[0].toUpperCase() + part.slice(1)))
    .join('');
  const groupModels = (group ? (models as Record<string, unknown>)[groupKey] : { [version]: models.v1 }) as
    Record<string, Record<string, ModelClass> | undefined> | undefined;
  const model = groupModels?.[version]?.[kind];
  if (!model) throw new Error(`${apiVersion} ${kind} is not a Kubernetes 1.27 kind`);
  return model;
}

/**
 * Parses a YAML stream as kubectl would and checks each object against the Kubernetes OpenAPI
 * schema (kubernetes-models' generated validators); throws naming the object and the field.
 */
export function parseAndValidate(text: string, file: string): KubeObject[] {
  return parseAllDocuments(text).map((document, index) => {
    if (document.errors.length)
      throw new Error(`${file} document ${index + 1}: ${document.errors[0].message}`);
    const object = document.toJS() as KubeObject;
    const Model = modelFor(object.apiVersion, object.kind);
    try {
      new Model(object).validate();
    } catch (error) {
      throw new Error(`${file}: ${object.kind} ${object.metadata?.name}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    return object;
  });
}
