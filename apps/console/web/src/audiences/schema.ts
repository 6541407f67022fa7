/**
 * Reads `GET /segments/schema` (the rule language as JSON Schema) into what the builder needs:
 * each field with its operators and the shape of the value each one takes. Nothing here knows the
 * list of fields: a field the API adds appears in the builder with an input fitting its value.
 */
export type JsonSchema = Record<string, unknown>;

/** The kind of input a value needs, read from its JSON Schema. */
export type ValueKind =
  | { type: 'none' }
  | { type: 'boolean' }
  | { type: 'enum'; values: string[]; list: boolean }
  | { type: 'integer'; money: boolean; range: boolean }
  | { type: 'date'; range: boolean }
  | { type: 'text'; list: boolean }
  | { type: 'campaign'; list: boolean };

export interface OperatorInfo {
  op: string;
  value: ValueKind;
  /** The value may be left out (`exists`: true when absent). */
  optional: boolean;
}

export interface FieldInfo {
  name: string;
  description: string;
  operators: OperatorInfo[];
  /** Accepts `within`: only activity in a window before now counts. */
  window: boolean;
  /** Accepts `campaign`: only gifts to one fundraising campaign count. */
  campaign: boolean;
}

const isRecord = (value: unknown): value is JsonSchema => typeof value === 'object' && value !== null;

function valueKind(schema: JsonSchema | undefined, description: string): ValueKind {
  if (!schema) return { type: 'none' };
  const items = isRecord(schema.items) ? schema.items : undefined;
  const list = schema.type === 'array';
  const item = list && items ? items : schema;
  // A pair of the same thing is a range ("between"); any other array is a list.
  const range = list && schema.minItems === 2 && schema.maxItems === 2;
  if (Array.isArray(item.enum)) return { type: 'enum', values: item.enum.map(String), list };
  if (item.type === 'boolean') return { type: 'boolean' };
  if (item.type === 'integer') return { type: 'integer', money: /minor units/i.test(description), range };
  if (item.format === 'uuid') return { type: 'campaign', list };
  if (item.type === 'string' && typeof item.pattern === 'string' && item.pattern.includes('\\d{4}'))
    return { type: 'date', range };
  return { type: 'text', list };
}

/** The fields of the rule language in the order the schema lists them. */
export function readSchema(schema: JsonSchema): FieldInfo[] {
  const defs = isRecord(schema.$defs) ? schema.$defs : {};
  const condition = isRecord(defs.condition) ? defs.condition : {};
  const entries = Array.isArray(condition.oneOf) ? condition.oneOf.filter(isRecord) : [];
  const fields = new Map<string, FieldInfo>();
  for (const entry of entries) {
    const properties = isRecord(entry.properties) ? entry.properties : {};
    const field = isRecord(properties.field) ? properties.field : {};
    const op = isRecord(properties.op) ? properties.op : {};
    if (typeof field.const !== 'string' || typeof op.const !== 'string') continue;
    const description = typeof field.description === 'string' ? field.description : '';
    const info = fields.get(field.const) ?? {
      name: field.const,
      description,
      operators: [],
      window: 'within' in properties,
      campaign: 'campaign' in properties,
    };
    const required = Array.isArray(entry.required) ? entry.required : [];
    info.operators.push({
      op: op.const,
      value: valueKind(isRecord(properties.value) ? properties.value : undefined, description),
      optional: !required.includes('value'),
    });
    fields.set(field.const, info);
  }
  return [...fields.values()];
}
