// Regenerates the golden files: `npx tsx test/unit/transcript/updateGolden.ts`.
// Read the diff before keeping it: the golden files are the specification.
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';

import { GOLDEN_CASES, GOLDEN_DIR, renderCase } from './goldenCases';

mkdirSync(GOLDEN_DIR, { recursive: true });
for (const goldenCase of GOLDEN_CASES) {
	writeFileSync(join(GOLDEN_DIR, goldenCase.golden), renderCase(goldenCase));
}
process.stdout.write(`wrote ${GOLDEN_CASES.length} golden files to ${GOLDEN_DIR}\n`);
