import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { z } from 'zod/v4';

import { DEAL_TYPES, DealTypeSchema, type DealType } from '../../../shared/schemas';
import { isDataObject } from '../../helpers/data';
import { typedParameter } from '../../helpers/parameters';
import { createRecording, type NewMeeting, type NewParticipant, type NewRecording } from '../../transport';
import { forOperation } from '../display';
import type { OperationExecute } from '../types';

const CRM_NAMES: Record<DealType, string> = {
	attio: 'Attio',
	hubspot: 'HubSpot',
	pipedrive: 'Pipedrive',
	salesforce: 'Salesforce',
};
const dealTypeOptions: INodePropertyOptions[] = DEAL_TYPES.map((value) => ({ name: CRM_NAMES[value], value }));

const properties: INodeProperties[] = [
	{
		displayName: 'Download URL',
		name: 'downloadUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://example.com/meeting.mp4',
		description:
			'A public URL of the media (aac, avi, mp3, mp4, wav, webm or wmv, under 2 GiB). Claap fetches it within 5 minutes.',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Author Email',
				name: 'authorEmail',
				type: 'string',
				placeholder: 'name@email.com',
				default: '',
				description: 'The workspace member the recording belongs to',
			},
			{ displayName: 'Channel ID', name: 'channelId', type: 'string', default: '' },
			{
				displayName: 'Deal CRM',
				name: 'dealType',
				type: 'options',
				options: dealTypeOptions,
				default: 'hubspot',
				description: 'The CRM the deal ID belongs to (used with Deal ID)',
			},
			{ displayName: 'Deal ID', name: 'dealId', type: 'string', default: '', description: "The deal's ID in your CRM" },
			{ displayName: 'Meeting Ended At', name: 'meetingEndedAt', type: 'dateTime', default: '' },
			{ displayName: 'Meeting Started At', name: 'meetingStartedAt', type: 'dateTime', default: '' },
			{
				displayName: 'Participants',
				name: 'participants',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				default: {},
				options: [
					{
						displayName: 'Participant',
						name: 'participant',
						values: [
							{ displayName: 'Name', name: 'name', type: 'string', default: '' },
							{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '' },
							{
								displayName: 'Is Organizer',
								name: 'isOrganizer',
								type: 'boolean',
								default: false,
								description: 'Whether this participant organised the meeting',
							},
						],
					},
				],
			},
			{ displayName: 'Title', name: 'title', type: 'string', default: '' },
		],
	},
];

export const description = forOperation('recording', 'create', properties);

const AdditionalFieldsSchema = z.object({
	authorEmail: z.string().optional(),
	channelId: z.string().optional(),
	title: z.string().optional(),
	dealId: z.string().optional(),
	dealType: DealTypeSchema.optional(),
	meetingStartedAt: z.string().optional(),
	meetingEndedAt: z.string().optional(),
	participants: z
		.object({
			participant: z
				.array(z.object({ name: z.string().optional(), email: z.string().optional(), isOrganizer: z.boolean().optional() }))
				.optional(),
		})
		.optional(),
});

const present = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';

/** The body of POST /v1/recordings: only the fields the user filled in. */
export function createRecordingBody(downloadUrl: string, fields: z.infer<typeof AdditionalFieldsSchema>): NewRecording {
	const body: NewRecording = { downloadUrl: downloadUrl.trim() };
	if (present(fields.authorEmail)) body.authorEmail = fields.authorEmail.trim();
	if (present(fields.channelId)) body.channelId = fields.channelId.trim();
	if (present(fields.title)) body.title = fields.title;
	const participants = (fields.participants?.participant ?? []).map((participant) => {
		const entry: NewParticipant = { isOrganizer: participant.isOrganizer === true };
		if (present(participant.name)) entry.name = participant.name;
		if (present(participant.email)) entry.email = participant.email.trim();
		return entry;
	});
	const meeting: NewMeeting = {};
	if (present(fields.meetingStartedAt)) meeting.startedAt = fields.meetingStartedAt;
	if (present(fields.meetingEndedAt)) meeting.endedAt = fields.meetingEndedAt;
	if (participants.length > 0) meeting.participants = participants;
	if (Object.keys(meeting).length > 0) body.meeting = meeting;
	if (present(fields.dealId)) body.deal = { id: fields.dealId.trim(), type: fields.dealType ?? 'hubspot' };
	return body;
}

/** POST /v1/recordings from a download URL. Claap then goes Empty -> Uploaded -> Ready (or Failed). */
export const execute: OperationExecute = async function (itemIndex, _item, deps) {
	const downloadUrl = typedParameter(this, 'downloadUrl', itemIndex, z.string().trim().min(1, 'Download URL is empty'));
	const fields = typedParameter(this, 'additionalFields', itemIndex, AdditionalFieldsSchema, {});
	const recording = await createRecording(this, deps, itemIndex, createRecordingBody(downloadUrl, fields));
	return [{ json: isDataObject(recording) ? recording : { id: recording.id } }];
};
