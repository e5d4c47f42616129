// npm run schema: regenerate schema/*.schema.json from the zod schemas.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../oracle/paths.js';
import { SCHEMAS, jsonSchemaText } from './json-schema.js';

for (const name of Object.keys(SCHEMAS)) {
  writeFileSync(join(packageRoot(), 'schema', name), jsonSchemaText(name));
  console.log(`wrote schema/${name}`);
}
