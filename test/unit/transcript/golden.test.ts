import { readFileSync } from 'fs';
import { join } from 'path';

import { GOLDEN_CASES, GOLDEN_DIR, renderCase } from './goldenCases';

describe('transcript rendering matches the golden files', () => {
	it.each(GOLDEN_CASES.map((goldenCase) => [goldenCase.golden, goldenCase] as const))('%s', (golden, goldenCase) => {
		expect(renderCase(goldenCase)).toBe(readFileSync(join(GOLDEN_DIR, golden), 'utf8'));
	});
});
