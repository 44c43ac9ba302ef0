/**
 * A small JSON Schema checker for the keywords the repository's schemas use (`type`, `const`,
 * `required`, `properties`, `additionalProperties: false`, `items`, `oneOf`, `minimum`,
 * `minLength`, local `$ref`). Anything else in a schema is refused, so a schema cannot
 * silently ask for a check this does not make.
 */

type Schema = Record<string, unknown>;

const KNOWN = new Set([
  '$schema',
  '$id',
  '$defs',
  'title',
  'description',
  'type',
  'const',
  'required',
  'properties',
  'additionalProperties',
  'items',
  'oneOf',
  'minimum',
  'minLength',
  '$ref',
]);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

/**
 * The errors of `value` against `schema` (`root` resolves `#/$defs/...` refs); empty when valid.
 *
 * @example
 * ```ts
 * const schema = JSON.parse(readFileSync('docs/executor-protocol.schema.json', 'utf8'));
 * validateJsonSchema({ $ref: '#/$defs/request' }, request, schema); // []
 * ```
 */
export function validateJsonSchema(
  schema: Schema,
  value: unknown,
  root: Schema = schema,
  at = '$',
): string[] {
  for (const key of Object.keys(schema))
    if (!KNOWN.has(key)) throw new Error(`schema keyword ${key} at ${at} is not supported`);
  if (typeof schema.$ref === 'string') {
    const path = schema.$ref.replace(/^#\//, '').split('/');
    const target = path.reduce<unknown>((node, part) => (node as Schema)[part], root);
    if (!target) throw new Error(`unresolved $ref ${schema.$ref}`);
    return validateJsonSchema(target as Schema, value, root, at);
  }
  const errors: string[] = [];
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((t) => matchesType(value, t)))
      return [`${at}: expected ${types.join(' or ')}, got ${typeOf(value)}`];
  }
  if ('const' in schema && JSON.stringify(value) !== JSON.stringify(schema.const))
    errors.push(`${at}: expected ${JSON.stringify(schema.const)}`);
  if (typeof schema.minimum === 'number' && typeof value === 'number' && value < schema.minimum)
    errors.push(`${at}: below ${schema.minimum}`);
  if (typeof schema.minLength === 'number' && typeof value === 'string' && value.length < schema.minLength)
    errors.push(`${at}: shorter than ${schema.minLength}`);
  if (Array.isArray(schema.oneOf)) {
    const passing = (schema.oneOf as Schema[]).filter(
      (s) => validateJsonSchema(s, value, root, at).length === 0,
    );
    if (passing.length !== 1) errors.push(`${at}: matches ${passing.length} of oneOf, not exactly 1`);
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    for (const key of (schema.required as string[] | undefined) ?? [])
      if (!(key in object)) errors.push(`${at}: missing ${key}`);
    const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
    for (const [key, sub] of Object.entries(properties))
      if (key in object) errors.push(...validateJsonSchema(sub, object[key], root, `${at}.${key}`));
    if (schema.additionalProperties === false)
      for (const key of Object.keys(object))
        if (!(key in properties)) errors.push(`${at}: unexpected ${key}`);
  }
  if (Array.isArray(value) && schema.items)
    value.forEach((item, i) =>
      errors.push(...validateJsonSchema(schema.items as Schema, item, root, `${at}[${i}]`)),
    );
  return errors;
}
