import type { TranscriptLink } from '../../../nodes/shared/schemas';
import { languageChoiceOf, selectTranscript } from '../../../nodes/shared/transcript';

const link = (langIso2: string, flags: Partial<TranscriptLink> = {}): TranscriptLink => ({
	url: `https://storage.example/${langIso2}.json`,
	textUrl: `https://storage.example/${langIso2}.txt`,
	langIso2,
	...flags,
});

const en = link('en', { isTranscript: true, isActive: false });
const fr = link('fr', { isTranscript: false, isActive: true });

describe('selectTranscript', () => {
	it.each([
		['active', { kind: 'active' } as const, [en, fr], fr],
		['native', { kind: 'native' } as const, [en, fr], en],
		['a code, case-insensitive', { kind: 'code', code: ' FR ' } as const, [en, fr], fr],
		['active falls back to native', { kind: 'active' } as const, [en, link('de')], en],
		['active falls back to a lone transcript', { kind: 'active' } as const, [link('es')], link('es')],
	])('picks by %s', (_name, choice, links, expected) => {
		expect(selectTranscript(links, choice)).toEqual({ found: true, link: expected });
	});

	it('lists the languages the recording has when the wanted one is absent', () => {
		expect(selectTranscript([en, fr], { kind: 'code', code: 'de' })).toEqual({
			found: false,
			reason: 'This recording has no transcript in "de". Its transcripts: en (native), fr (active).',
			available: ['en (native)', 'fr (active)'],
		});
	});

	it('says so when the recording has no transcript', () => {
		expect(selectTranscript([], { kind: 'active' })).toMatchObject({
			found: false,
			reason: 'This recording has no active transcript. It has no transcript at all (yet).',
		});
	});

	it('does not guess a native transcript among several unflagged ones', () => {
		expect(selectTranscript([link('en'), link('fr')], { kind: 'native' })).toMatchObject({ found: false });
	});
});

describe('languageChoiceOf (the Language parameter, also as $fromAI() fills it)', () => {
	it.each([
		['active', { kind: 'active' }],
		[' Native ', { kind: 'native' }],
		['fr', { kind: 'code', code: 'fr' }],
		['DE', { kind: 'code', code: 'de' }],
		['fil', { kind: 'code', code: 'fil' }],
		['French', undefined],
		['fr-FR', undefined],
		['', undefined],
	])('%j -> %j', (value, choice) => {
		expect(languageChoiceOf(value)).toEqual(choice);
	});
});
