// The JSON Schemas in schema/ are what the zod schemas generate today
// (run `npm run schema` after changing a schema).
import { test, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMAS, jsonSchemaText } from '../../src/schema/json-schema.js';
import { ROOT } from '../helpers/cli.js';

for (const name of Object.keys(SCHEMAS)) {
  test(`schema/${name} is up to date`, () => {
    expect(readFileSync(join(ROOT, 'schema', name), 'utf8')).toBe(jsonSchemaText(name));
  });
}

test('the trace schema describes the operations', () => {
  const s = JSON.parse(jsonSchemaText('trace.schema.json')) as { properties: { events: { items: { anyOf?: unknown[]; oneOf?: unknown[] } } } };
  const items = s.properties.events.items;
  expect((items.anyOf ?? items.oneOf ?? []).length).toBeGreaterThan(20);
});
