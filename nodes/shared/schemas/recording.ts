import { z } from 'zod/v4';

// Every object is a looseObject: fields Claap adds later are kept, never stripped.
// Optional objects also accept null, which real APIs send for "absent" more often than not.

const IdName = z.looseObject({ id: z.string(), name: z.string() });

export const RecorderSchema = z.looseObject({
	id: z.string(),
	email: z.string(),
	name: z.string(),
	attended: z.boolean(),
});

export const ParticipantSchema = z.looseObject({
	attended: z.boolean(),
	email: z.string().optional(),
	id: z.string().optional(),
	name: z.string().optional(),
});

export const MeetingSchema = z.looseObject({
	participants: z.array(ParticipantSchema),
	// Seen in Claap's newer API reference, not in the original webhook page.
	type: z.string().optional(),
	startedAt: z.string().optional(),
	endedAt: z.string().optional(),
});

export const ChannelSchema = IdName;
export const CompanySchema = IdName;
export const WorkspaceSchema = IdName;

export const DealSchema = z.looseObject({ id: z.string(), name: z.string().optional() });

export const ActionItemGroupSchema = z.looseObject({
	langIso2: z.string(),
	items: z.array(z.looseObject({ description: z.string(), isChecked: z.boolean() })),
});

export const LocalizedTextSchema = z.looseObject({ langIso2: z.string(), text: z.string() });

export const InsightTemplateSchema = z.looseObject({
	templateTitle: z.string(),
	insights: z.array(
		z.looseObject({
			langIso2: z.string(),
			sections: z.array(z.looseObject({ title: z.string(), description: z.string() })),
		}),
	),
});

/** One entry of `recording.transcripts`: pre-signed links, valid 24 hours. */
export const TranscriptLinkSchema = z.looseObject({
	url: z.string(),
	textUrl: z.string(),
	isActive: z.boolean().optional(),
	isTranscript: z.boolean().optional(),
	langIso2: z.string().optional(),
});

export const CrmInfoSchema = z.looseObject({
	crm: z.string().optional(),
	deal: z.looseObject({ id: z.string() }).optional(),
});

export const RecordingSchema = z.looseObject({
	id: z.string().min(1),
	title: z.string().optional(),
	createdAt: z.string(),
	durationSeconds: z.number(),
	url: z.string(),
	thumbnailUrl: z.string(),
	labels: z.array(z.string()),
	recorder: RecorderSchema,
	channel: ChannelSchema.nullish(),
	companies: z.array(CompanySchema),
	deal: DealSchema.nullish(),
	meeting: MeetingSchema.nullish(),
	actionItems: z.array(ActionItemGroupSchema),
	keyTakeaways: z.array(LocalizedTextSchema),
	outlines: z.array(LocalizedTextSchema),
	// Documented as required, but empty or absent since Claap moved insights to aiFields (June 2026).
	insightTemplates: z.array(InsightTemplateSchema).optional(),
	// Claap publishes no schema for it: passed through untouched, whatever its shape.
	aiFields: z.unknown().optional(),
	transcripts: z.array(TranscriptLinkSchema),
	video: z.looseObject({ url: z.string() }),
	state: z.string().optional(),
	workspace: WorkspaceSchema.nullish(),
	crmInfo: CrmInfoSchema.nullish(),
});

export type Recorder = z.infer<typeof RecorderSchema>;
export type Participant = z.infer<typeof ParticipantSchema>;
export type Meeting = z.infer<typeof MeetingSchema>;
export type Deal = z.infer<typeof DealSchema>;
export type TranscriptLink = z.infer<typeof TranscriptLinkSchema>;
export type Recording = z.infer<typeof RecordingSchema>;

/** Only what the transcript and video operations read; every other field may drift freely. */
export const RecordingWithTranscriptsSchema = RecordingSchema.pick({ id: true, title: true, transcripts: true });
export const RecordingWithVideoSchema = RecordingSchema.pick({ id: true, title: true, video: true });

export const EMPTY_RECORDING_ID = 'Recording ID is empty';

/** A recording ID as users type it or expressions give it: trimmed, never empty. */
export const RecordingIdSchema = z
	.union([z.string(), z.number()])
	.transform((value) => String(value).trim())
	.pipe(z.string().min(1, EMPTY_RECORDING_ID));
