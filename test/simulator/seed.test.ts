import { acme, seedRecordings } from '../../simulator/seed/recordings';
import { RecordingSchema } from '../../nodes/shared/schemas';
import { loadDelivery, recordingOf } from '../support/fixtures';

describe('simulator seed', () => {
	it("Acme is Claap's documented example, the `full` delivery fixture, less the links the simulator signs", () => {
		const { transcripts: _transcripts, video: _video, ...documented } = recordingOf(loadDelivery('full'));
		expect(acme()).toEqual(documented);
	});

	it('every seeded recording matches the documented schema once the simulator adds its links', () => {
		for (const { recording } of seedRecordings()) {
			const withLinks = { ...recording, transcripts: [], video: { url: 'https://storage.claap.io/v.mp4' } };
			expect(RecordingSchema.safeParse(withLinks).error?.issues ?? []).toEqual([]);
		}
	});
});
