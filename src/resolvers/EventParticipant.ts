import type { Context } from '../context.js';
import type { ParticipantRow } from '../services/types.js';

export const EventParticipant = {
  event: (p: ParticipantRow, _: unknown, { loaders }: Context) => loaders.event.load(p.eventId),
  person: (p: ParticipantRow, _: unknown, { loaders }: Context) => (p.personId ? loaders.person.load(p.personId) : null),
  organization: (p: ParticipantRow, _: unknown, { loaders }: Context) =>
    p.organizationId ? loaders.organization.load(p.organizationId) : null,
};
