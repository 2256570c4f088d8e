/** The resolver map: one module per GraphQL type. */
import { Affiliation } from './Affiliation.js';
import { Article } from './Article.js';
import { Mention } from './Mention.js';
import { MentionedEntity } from './MentionedEntity.js';
import { Declaration } from './Declaration.js';
import { DeclarationRelation } from './DeclarationRelation.js';
import { Provision } from './Provision.js';
import { Signatory } from './Signatory.js';
import { Event } from './Event.js';
import { EventParticipant } from './EventParticipant.js';
import { Evidence } from './Evidence.js';
import { CoMention } from './CoMention.js';
import { CoMentionedEntity } from './CoMentionedEntity.js';
import { TimelineBucket } from './TimelineBucket.js';
import { Mutation } from './Mutation.js';
import { Node } from './Node.js';
import { Organization } from './Organization.js';
import { Person } from './Person.js';
import { Place } from './Place.js';
import { Query } from './Query.js';
import { Quote } from './Quote.js';
import { SearchResult } from './SearchResult.js';
import { scalarResolvers } from './scalars.js';
import { Source } from './Source.js';
import type { Resolvers } from './generated.js';

export const resolvers: Resolvers = {
  ...scalarResolvers,
  Query,
  Mutation,
  Node,
  MentionedEntity,
  Article,
  Mention,
  Source,
  Person,
  Affiliation,
  Organization,
  Place,
  Declaration,
  Provision,
  Signatory,
  DeclarationRelation,
  Quote,
  Event,
  EventParticipant,
  Evidence,
  SearchResult,
  CoMention,
  CoMentionedEntity,
  TimelineBucket,
};
