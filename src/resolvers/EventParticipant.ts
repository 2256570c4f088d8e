import { present } from './shared.js';
import type { EventParticipantResolvers } from './generated.js';

export const EventParticipant: EventParticipantResolvers = {
  event: async (p, _, { loaders }) => present(await loaders.event.load(p.eventId), `event ${p.eventId}`),
  person: (p, _, { loaders }) => (p.personId ? loaders.person.load(p.personId) : null),
  organization: (p, _, { loaders }) =>
    p.organizationId ? loaders.organization.load(p.organizationId) : null,
};
