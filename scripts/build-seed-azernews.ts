/**
 * Builds the seed document for the Azernews article of 28 September 2021 from its source text:
 *
 *   npx tsx scripts/build-seed-azernews.ts           # (re)writes the JSON
 *   npx tsx scripts/build-seed-azernews.ts --check   # exits 1 when the committed JSON differs
 *
 * The committed JSON under prisma/seed/articles/ is the seed; this script is how it was made.
 * Offsets are never typed by hand: every evidence span is found in the body by the phrase it must
 * contain (`span`), and a phrase that is missing or ambiguous stops the script. The finished
 * document is validated with parseArticleDocument before it is written.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArticleDocument, type ArticleDocumentInput, type Evidence } from '../src/document/document.js';
import { formatDocumentJson } from '../src/document/format.js';

const SOURCE = fileURLToPath(
  // The repository's copy of ../shared/data/seed (tests read the same file).
  new URL('../tests/fixtures/seed/azernews-2021-09-28-azerbaijan-turkey-military-cooperation.txt', import.meta.url),
);
const TARGET = fileURLToPath(
  new URL('../prisma/seed/articles/azernews-2021-09-28-azerbaijan-turkey-military-cooperation.json', import.meta.url),
);

// The file starts with a header (" date 2021-09-28 By Azernews") and a byline ("By Vugar
// Khalilov"); they become publishedAt, source and authors. The body is the rest, untouched.
const raw = readFileSync(SOURCE, 'utf8');
const BODY_START = 'Defence Minister Zakir Hasanov has said';
const body = raw.slice(raw.indexOf(BODY_START));
if (!raw.includes(BODY_START) || !/^ date 2021-09-28 By Azernews\n/.test(raw) || !raw.includes('\nBy Vugar Khalilov\n')) {
  throw new Error('the source text is not the one this script was written for');
}

// ---------------------------------------------------------------------------------------------
// Finding spans
// ---------------------------------------------------------------------------------------------

function at(start: number, text: string): Evidence {
  return { start, end: start + text.length, text };
}

function occurrences(haystack: string, needle: string, from = 0): number[] {
  const found: number[] = [];
  for (let i = haystack.indexOf(needle, from); i >= 0; i = haystack.indexOf(needle, i + 1)) found.push(i);
  return found;
}

/**
 * The one occurrence of `phrase` in the body, or inside the one occurrence of `context` when the
 * phrase alone is ambiguous. Throws unless exactly one match exists, so a wrong guess cannot slip in.
 */
function span(phrase: string, context?: string): Evidence {
  let base = 0;
  let scope = body;
  if (context !== undefined) {
    const ctx = occurrences(body, context);
    if (ctx.length !== 1) throw new Error(`context ${JSON.stringify(context)} occurs ${ctx.length} times`);
    base = ctx[0];
    scope = context;
  }
  const hits = occurrences(scope, phrase);
  if (hits.length !== 1) throw new Error(`${JSON.stringify(phrase)} occurs ${hits.length} times${context ? ` in ${JSON.stringify(context)}` : ''}`);
  return at(base + hits[0], phrase);
}

/** Every match of a global regex (name occurrences); throws when there is none. */
function every(pattern: RegExp): Evidence[] {
  if (!pattern.global) throw new Error('every() needs a global regex');
  const found = [...body.matchAll(pattern)].map((m) => at(m.index, m[0]));
  if (!found.length) throw new Error(`no match for ${pattern}`);
  return found;
}

/** Mentions in reading order. */
function mentions(...groups: Array<Evidence | Evidence[]>): Evidence[] {
  return groups.flat().sort((a, b) => a.start - b.start || a.end - b.end);
}

/** The words inside the curly quotes that open with `opening`, without the closing comma. */
function quoted(opening: string): Evidence {
  const open = span(`\u201c${opening}`).start + 1;
  const close = body.indexOf('\u201d', open);
  const inner = body.slice(open, close).replace(/,$/, '');
  return at(open, inner);
}

// ---------------------------------------------------------------------------------------------
// Spans used more than once
// ---------------------------------------------------------------------------------------------

const GOVERNMENTS = span('Azerbaijani and Turkish governments');
const ARMIES = every(/Azerbaijani and Turkish armies/g);
const SHUSHA_SENTENCE = span(
  'The Shusha Declaration on Allied Relations that President Ilham Aliyev and his Turkish counterpart Recep Tayyip Erdogan signed during the first official visit to Shusha eight months after Azerbaijan\u2019s victory in the war with Armenia, also focuses on defence cooperation.',
);
const SHUSHA_SIGNERS = span(
  'The Shusha Declaration on Allied Relations that President Ilham Aliyev and his Turkish counterpart Recep Tayyip Erdogan signed',
);
const AGREEMENT_1992 = span(
  'an agreement signed between the Azerbaijani and Turkish governments on military education and weapon equipment',
);
const MEMORANDUM_SENTENCE = span(
  'On June 15, the two countries signed a memorandum of alliance that cemented the existing military, political and economic cooperation.',
);
const HASANOV_MEETING = span(
  'Hasanov made the remarks at a meeting with the visiting Turkish delegation led by Deputy National Defence Minister Muhsin Dere.',
);
const OSMANOV_MEETING = span(
  'Moreover, the meeting between the Turkish delegation led by Dere and the head of the ministry\'s main logistics department, Lt-Gen Nizam Osmanov, focused on the development of logistics between the Azerbaijani and Turkish armies, the ministry reported on September 27.',
);
const INTERVIEW = span(
  'In an interview with Turkey\'s Anadolu Agency on September 27, President Ilham Aliyev said that the signing of the Shusha Declaration raised bilateral relations to an even higher level.',
);
const BAGCI_STATEMENT = span(
  'On September 26, Turkish ambassador Cahit Bagci said that the Shusha Declaration is as important as the Treaty of Kars signed 100 years ago.',
);
const ALIYEV_QUOTE = quoted('In fact, by signing the Shusha Declaration');
const BAGCI_QUOTE = quoted('The Shusha Declaration is a step');

// ---------------------------------------------------------------------------------------------
// The document
// ---------------------------------------------------------------------------------------------

const doc: ArticleDocumentInput = {
  $schema: '../../../docs/article-document.schema.json',
  version: 1,
  article: {
    // The article's own URL is not in the source text; this canonical URL is reconstructed.
    url: 'https://www.azernews.az/2021-09-28/azerbaijan-turkey-military-cooperation',
    // The source text has no headline either; this title is reconstructed from the lead.
    title: 'Azerbaijani-Turkish military cooperation ensures regional stability, says defence minister',
    body,
    publishedAt: '2021-09-28',
    language: 'en',
    source: { slug: 'azernews', name: 'Azernews', domain: 'azernews.az' },
    authors: ['vugar-khalilov'],
  },

  places: [
    {
      slug: 'azerbaijan',
      name: 'Azerbaijan',
      kind: 'COUNTRY',
      countryCode: 'AZ',
      wikidataId: 'Q227',
      mentions: every(/\bAzerbaijan\b/g),
    },
    {
      slug: 'turkey',
      name: 'Turkey',
      aliases: ['Türkiye'],
      kind: 'COUNTRY',
      countryCode: 'TR',
      wikidataId: 'Q43',
      mentions: every(/\bTurkey\b/g),
    },
    {
      slug: 'armenia',
      name: 'Armenia',
      kind: 'COUNTRY',
      countryCode: 'AM',
      wikidataId: 'Q399',
      mentions: every(/\bArmenia\b/g),
    },
    {
      slug: 'shusha',
      name: 'Shusha',
      aliases: ['Şuşa'],
      kind: 'CITY',
      countryCode: 'AZ',
      parent: 'azerbaijan',
      latitude: 39.76,
      longitude: 46.75,
      // "visit to Shusha", and the city's name inside "Shusha Declaration" (named after it).
      mentions: every(/\bShusha\b/g),
    },
    {
      slug: 'karabakh',
      name: 'Karabakh',
      kind: 'REGION',
      countryCode: 'AZ',
      parent: 'azerbaijan',
      mentions: every(/\bKarabakh\b/g),
    },
    {
      slug: 'kars',
      name: 'Kars',
      kind: 'CITY',
      countryCode: 'TR',
      parent: 'turkey',
      latitude: 40.6,
      longitude: 43.1,
      mentions: every(/\bKars\b/g),
    },
  ],

  people: [
    {
      slug: 'zakir-hasanov',
      name: 'Zakir Hasanov',
      aliases: ['Zakir Həsənov'],
      description: 'Defence Minister of Azerbaijan.',
      nationality: 'azerbaijan',
      mentions: mentions(every(/\b(?:Zakir )?Hasanov\b/g), span('the minister', 'the minister once again thanked')),
    },
    {
      slug: 'muhsin-dere',
      name: 'Muhsin Dere',
      description: 'Deputy National Defence Minister of Turkey; led the Turkish defence delegation that visited Azerbaijan in September 2021.',
      nationality: 'turkey',
      mentions: mentions(every(/\b(?:Muhsin )?Dere\b/g), span('the Turkish deputy minister')),
    },
    {
      slug: 'karim-valiyev',
      name: 'Karim Valiyev',
      aliases: ['Kərim Vəliyev'],
      description: 'Deputy Defence Minister of Azerbaijan.',
      nationality: 'azerbaijan',
      mentions: every(/\bKarim Valiyev\b/g),
    },
    {
      slug: 'nizam-osmanov',
      name: 'Nizam Osmanov',
      description: 'Lieutenant General (Lt-Gen); head of the main logistics department of Azerbaijan\u2019s Defence Ministry.',
      nationality: 'azerbaijan',
      mentions: every(/\bNizam Osmanov\b/g),
    },
    {
      slug: 'ilham-aliyev',
      name: 'Ilham Aliyev',
      aliases: ['İlham Əliyev'],
      description: 'President of Azerbaijan.',
      nationality: 'azerbaijan',
      mentions: every(/\bIlham Aliyev\b/g),
    },
    {
      slug: 'recep-tayyip-erdogan',
      name: 'Recep Tayyip Erdogan',
      aliases: ['Recep Tayyip Erdoğan', 'Erdoğan', 'Erdogan'],
      description: 'President of Turkey.',
      nationality: 'turkey',
      mentions: every(/\bRecep Tayyip Erdogan\b/g),
    },
    {
      slug: 'cahit-bagci',
      name: 'Cahit Bagci',
      aliases: ['Cahit Bağcı'],
      description: 'Turkish ambassador to Azerbaijan.',
      nationality: 'turkey',
      mentions: every(/\bCahit Bagci\b/g),
    },
    {
      slug: 'vugar-khalilov',
      name: 'Vugar Khalilov',
      description: 'Azernews journalist; author of this article (byline).',
      // Named only in the byline, which is not part of the body: no mentions.
    },
  ],

  organizations: [
    {
      slug: 'azerbaijani-government',
      name: 'Government of Azerbaijan',
      aliases: ['Azerbaijani government'],
      kind: 'GOVERNMENT',
      country: 'azerbaijan',
      mentions: [GOVERNMENTS],
    },
    {
      slug: 'turkish-government',
      name: 'Government of Turkey',
      aliases: ['Turkish government'],
      kind: 'GOVERNMENT',
      country: 'turkey',
      mentions: [GOVERNMENTS],
    },
    {
      slug: 'azerbaijani-defence-ministry',
      name: 'Ministry of Defence of Azerbaijan',
      aliases: ['Azerbaijani Defence Ministry', 'Defence Ministry', 'Azerbaijani Ministry of Defence'],
      kind: 'MINISTRY',
      description: 'Azerbaijan\u2019s defence ministry; it reported the meetings with the Turkish delegation on 27 September 2021.',
      country: 'azerbaijan',
      mentions: mentions(span('Defence Ministry'), every(/\bthe ministry\b/g)),
    },
    {
      slug: 'azerbaijani-defence-ministry-main-logistics-department',
      name: 'Main Logistics Department of the Ministry of Defence of Azerbaijan',
      aliases: ['main logistics department'],
      kind: 'DEPARTMENT',
      description: 'The Azerbaijani Defence Ministry\u2019s main logistics department, headed by Lt-Gen Nizam Osmanov.',
      country: 'azerbaijan',
      parent: 'azerbaijani-defence-ministry',
      mentions: [span('main logistics department')],
    },
    {
      slug: 'turkish-ministry-of-national-defence',
      name: 'Ministry of National Defence of Turkey',
      aliases: ['Turkish Ministry of National Defence', 'Turkish National Defence Ministry'],
      kind: 'MINISTRY',
      country: 'turkey',
      // Not named in the body; only implied by Muhsin Dere's title (see the affiliation).
    },
    {
      slug: 'turkish-defence-delegation',
      name: 'Turkish defence delegation',
      aliases: ['Turkish delegation'],
      kind: 'DELEGATION',
      description:
        'The delegation of Turkey\u2019s Ministry of National Defence, led by Deputy Minister Muhsin Dere, that visited Azerbaijan in September 2021.',
      country: 'turkey',
      parent: 'turkish-ministry-of-national-defence',
      mentions: every(/\bTurkish delegation\b/g),
    },
    {
      slug: 'azerbaijani-army',
      name: 'Azerbaijani Army',
      aliases: ['Azerbaijani Armed Forces'],
      kind: 'ARMED_FORCES',
      country: 'azerbaijan',
      mentions: mentions(span('Azerbaijani army'), ARMIES),
    },
    {
      slug: 'turkish-army',
      name: 'Turkish Army',
      aliases: ['Turkish Armed Forces'],
      kind: 'ARMED_FORCES',
      country: 'turkey',
      mentions: ARMIES,
    },
    {
      slug: 'anadolu-agency',
      name: 'Anadolu Agency',
      kind: 'MEDIA',
      description: 'Turkish news agency.',
      country: 'turkey',
      mentions: every(/\bAnadolu Agency\b/g),
    },
    {
      slug: 'azernews',
      name: 'Azernews',
      kind: 'MEDIA',
      description: 'English-language news outlet (azernews.az); publisher of this article.',
      // Named only in the header, which is not part of the body: no mentions.
    },
  ],

  declarations: [
    {
      slug: 'azerbaijan-turkey-1992-military-education-agreement',
      title: 'Agreement between the Azerbaijani and Turkish governments on military education and weapon equipment',
      kind: 'AGREEMENT',
      signed: '1992',
      summary:
        'The 1992 agreement between the governments of Azerbaijan and Turkey on military education and weapon equipment, with which military cooperation between the two countries first emerged.',
      evidence: span(
        'Military cooperation between Azerbaijan and Turkey first emerged in 1992, with an agreement signed between the Azerbaijani and Turkish governments on military education and weapon equipment',
      ),
      signatories: [
        { organization: 'azerbaijani-government', evidence: AGREEMENT_1992 },
        { organization: 'turkish-government', evidence: AGREEMENT_1992 },
      ],
      mentions: [AGREEMENT_1992],
    },
    {
      slug: 'azerbaijan-turkey-memorandum-of-alliance',
      title: 'Memorandum of alliance between Azerbaijan and Turkey',
      kind: 'MEMORANDUM',
      signed: '2021-06-15',
      summary:
        'A memorandum of alliance signed by Azerbaijan and Turkey on 15 June 2021 that cemented their existing military, political and economic cooperation.',
      evidence: MEMORANDUM_SENTENCE,
      signatories: [
        { place: 'azerbaijan', evidence: span('the two countries signed a memorandum of alliance') },
        { place: 'turkey', evidence: span('the two countries signed a memorandum of alliance') },
      ],
      mentions: [span('a memorandum of alliance')],
    },
    {
      slug: 'shusha-declaration',
      title: 'Shusha Declaration on Allied Relations',
      aliases: ['Shusha Declaration'],
      kind: 'DECLARATION',
      signed: '2021',
      place: 'shusha',
      summary:
        'Declaration on allied relations between Azerbaijan and Turkey, signed by Presidents Ilham Aliyev and Recep Tayyip Erdogan in Shusha eight months after Azerbaijan\u2019s victory in the war with Armenia. It focuses on defence cooperation. In Aliyev\u2019s words it raised the two countries\u2019 de facto relations to the de jure level, the level of alliance: it formalized the allied relations they already had.',
      evidence: SHUSHA_SENTENCE,
      provisions: [
        {
          text: 'Joint efforts by the two armies in the face of foreign threats.',
          evidence: span('It affirms joint efforts by the two armies in the face of foreign threats.'),
        },
        {
          text: 'Joint efforts for the restructuring and modernization of the armed forces.',
          evidence: span('The declaration also pledges joint efforts for the restructuring and modernization of the armed forces.'),
        },
        {
          text: 'Encourage the execution of joint projects to develop capabilities in the field of sea, air and space.',
          evidence: span(
            'the two nations affirm to encourage the execution of joint projects with the aim of developing capabilities in the field of sea, air, and space.',
          ),
        },
        {
          text: 'Bring relations between Azerbaijan and Turkey to the level of strategic alliance.',
          evidence: span('firstly, to bring relations between Azerbaijan and Turkey to the level of strategic alliance'),
        },
        {
          text: 'Develop and deepen cooperation between the two countries.',
          evidence: span('secondly, to develop and deepen cooperation between our countries'),
        },
      ],
      signatories: [
        { person: 'ilham-aliyev', place: 'azerbaijan', role: 'President of Azerbaijan', evidence: SHUSHA_SIGNERS },
        { person: 'recep-tayyip-erdogan', place: 'turkey', role: 'President of Turkey', evidence: SHUSHA_SIGNERS },
      ],
      mentions: mentions(every(/\bShusha Declaration(?: on Allied Relations)?/g), every(/\b[Tt]he declaration\b/g)),
    },
    {
      slug: 'treaty-of-kars',
      title: 'Treaty of Kars',
      kind: 'TREATY',
      // "signed 100 years ago", in an article of 2021.
      signed: '1921',
      place: 'kars',
      summary: 'The Treaty of Kars, signed 100 years before the article; the Turkish ambassador compared the Shusha Declaration to it.',
      evidence: span('the Treaty of Kars signed 100 years ago'),
      mentions: every(/\bTreaty of Kars\b/g),
    },
  ],

  declarationRelations: [
    {
      from: 'shusha-declaration',
      to: 'treaty-of-kars',
      kind: 'COMPARED_TO',
      description: 'Turkish ambassador Cahit Bagci: the Shusha Declaration is as important as the Treaty of Kars.',
      evidence: span('the Shusha Declaration is as important as the Treaty of Kars signed 100 years ago'),
    },
  ],

  affiliations: [
    {
      person: 'zakir-hasanov',
      organization: 'azerbaijani-defence-ministry',
      title: 'Defence Minister',
      evidence: span('Defence Minister Zakir Hasanov'),
    },
    {
      person: 'muhsin-dere',
      organization: 'turkish-ministry-of-national-defence',
      title: 'Deputy National Defence Minister',
      evidence: span('Deputy National Defence Minister Muhsin Dere'),
    },
    {
      person: 'muhsin-dere',
      organization: 'turkish-defence-delegation',
      title: 'head of delegation',
      evidence: span('the visiting Turkish delegation led by Deputy National Defence Minister Muhsin Dere'),
    },
    {
      person: 'karim-valiyev',
      organization: 'azerbaijani-defence-ministry',
      title: 'Deputy Defence Minister',
      evidence: span('Azerbaijani Deputy Defence Minister Karim Valiyev'),
    },
    {
      person: 'nizam-osmanov',
      organization: 'azerbaijani-defence-ministry-main-logistics-department',
      title: 'head of the main logistics department',
      evidence: span("the head of the ministry's main logistics department, Lt-Gen Nizam Osmanov"),
    },
    {
      person: 'ilham-aliyev',
      organization: 'azerbaijani-government',
      title: 'President',
      evidence: span('President Ilham Aliyev', SHUSHA_SENTENCE.text),
    },
    {
      person: 'recep-tayyip-erdogan',
      organization: 'turkish-government',
      title: 'President',
      evidence: span('his Turkish counterpart Recep Tayyip Erdogan'),
    },
    {
      person: 'cahit-bagci',
      organization: 'turkish-government',
      title: 'Ambassador',
      evidence: span('Turkish ambassador Cahit Bagci'),
    },
    {
      // Stated by the byline and header ("By Vugar Khalilov", "By Azernews"), which are not part of
      // the body, so there are no offsets to give.
      person: 'vugar-khalilov',
      organization: 'azernews',
      title: 'journalist',
    },
  ],

  quotes: [
    {
      speaker: 'ilham-aliyev',
      text: ALIYEV_QUOTE.text,
      saidOn: '2021-09-27',
      setting: 'interview with Anadolu Agency',
      settingOrganization: 'anadolu-agency',
      evidence: ALIYEV_QUOTE,
    },
    {
      speaker: 'cahit-bagci',
      text: BAGCI_QUOTE.text,
      saidOn: '2021-09-26',
      evidence: BAGCI_QUOTE,
    },
  ],

  events: [
    {
      kind: 'MEETING',
      title: 'Zakir Hasanov meets the Turkish defence delegation led by Muhsin Dere',
      summary:
        'Azerbaijan\u2019s Defence Minister Zakir Hasanov met the visiting Turkish delegation led by Turkey\u2019s Deputy National Defence Minister Muhsin Dere. Hasanov said the development of Azerbaijani-Turkish military cooperation ensures regional stability, said Azerbaijan expands its military, military-technical and military education cooperation with Turkey, and thanked Turkey for its political and moral support during the Second Karabakh War. Dere drew attention to a joint military industry and exchange of experience. They discussed the prospects and main directions of the cooperation and joint drills. The article does not date the meeting itself: 27 September 2021 is the day the Defence Ministry reported it.',
      occurredOn: '2021-09-27',
      place: 'azerbaijan',
      topics: [
        'Azerbaijani-Turkish military cooperation',
        'regional stability',
        'military-technical cooperation',
        'military education',
        'Second Karabakh War',
        'joint military industry',
        'exchange of experience',
        'joint drills',
      ],
      participants: [
        { person: 'zakir-hasanov', role: 'host' },
        { organization: 'azerbaijani-defence-ministry', role: 'host' },
        { person: 'muhsin-dere', role: 'delegation head' },
        { organization: 'turkish-defence-delegation', role: 'delegation' },
      ],
      evidence: HASANOV_MEETING,
    },
    {
      kind: 'AWARD',
      title: 'Zakir Hasanov awards Muhsin Dere the medal \u201cFor Service in the Field of Military Cooperation\u201d',
      summary: 'At the end of their meeting, Hasanov awarded the Turkish deputy minister a medal.',
      occurredOn: '2021-09-27',
      place: 'azerbaijan',
      award: 'For Service in the Field of Military Cooperation',
      topics: ['military cooperation'],
      participants: [
        { person: 'zakir-hasanov', role: 'awarder' },
        { person: 'muhsin-dere', role: 'recipient' },
      ],
      evidence: span(
        'At the end of the meeting, Hasanov awarded the Turkish deputy minister the medal "For Service in the Field of Military Cooperation".',
      ),
    },
    {
      kind: 'MEETING',
      title: 'Karim Valiyev meets the Turkish defence delegation',
      summary:
        'Azerbaijani Deputy Defence Minister Karim Valiyev also met the Turkish delegation. They discussed cooperation in the military, military-technical, military-educational and other spheres, noted the successful development of cooperation between the Azerbaijani and Turkish armies and the importance of joint military exercises for regional security, and discussed joint military production. The ministry reported it in a separate report the article does not date; it is dated like the other meetings, 27 September 2021.',
      occurredOn: '2021-09-27',
      place: 'azerbaijan',
      topics: [
        'military cooperation',
        'military-technical cooperation',
        'military education',
        'regional security',
        'joint military exercises',
        'joint military production',
      ],
      participants: [
        { person: 'karim-valiyev', role: 'host' },
        { organization: 'azerbaijani-defence-ministry', role: 'host' },
        { organization: 'turkish-defence-delegation', role: 'delegation' },
      ],
      evidence: span(
        'In a separate report, the ministry said that Azerbaijani Deputy Defence Minister Karim Valiyev also met the Turkish delegation.',
      ),
    },
    {
      kind: 'MEETING',
      title: 'Nizam Osmanov meets the Turkish delegation led by Muhsin Dere on logistics',
      summary:
        'The Turkish delegation led by Dere met Lt-Gen Nizam Osmanov, head of the Azerbaijani Defence Ministry\u2019s main logistics department, on the development of logistics between the Azerbaijani and Turkish armies and on equipping the Azerbaijani army with modern Turkish defence industry products. Reported by the ministry on 27 September 2021.',
      occurredOn: '2021-09-27',
      place: 'azerbaijan',
      topics: ['military logistics', 'defence industry', 'military equipment'],
      participants: [
        { person: 'nizam-osmanov', role: 'host' },
        { organization: 'azerbaijani-defence-ministry-main-logistics-department', role: 'host' },
        { person: 'muhsin-dere', role: 'delegation head' },
        { organization: 'turkish-defence-delegation', role: 'delegation' },
      ],
      evidence: OSMANOV_MEETING,
    },
    {
      kind: 'INTERVIEW',
      title: 'Ilham Aliyev interviewed by Anadolu Agency',
      summary:
        'President Ilham Aliyev told Turkey\u2019s Anadolu Agency that the signing of the Shusha Declaration raised bilateral relations to an even higher level.',
      occurredOn: '2021-09-27',
      topics: ['Shusha Declaration', 'Azerbaijani-Turkish relations'],
      participants: [
        { person: 'ilham-aliyev', role: 'interviewee' },
        { organization: 'anadolu-agency', role: 'interviewer' },
      ],
      evidence: INTERVIEW,
    },
    {
      kind: 'STATEMENT',
      title: 'Cahit Bagci on the Shusha Declaration',
      summary:
        'Turkish ambassador Cahit Bagci said the Shusha Declaration is as important as the Treaty of Kars signed 100 years ago, and a step towards the future of Azerbaijani-Turkish relations.',
      occurredOn: '2021-09-26',
      topics: ['Shusha Declaration', 'Treaty of Kars', 'Azerbaijani-Turkish relations'],
      participants: [{ person: 'cahit-bagci', role: 'speaker' }],
      evidence: BAGCI_STATEMENT,
    },
    {
      kind: 'SIGNING',
      title: 'Ilham Aliyev and Recep Tayyip Erdogan sign the Shusha Declaration',
      summary:
        'Presidents Ilham Aliyev and Recep Tayyip Erdogan signed the Shusha Declaration on Allied Relations during the first official visit to Shusha, eight months after Azerbaijan\u2019s victory in the war with Armenia. The article gives no date; 2021 follows from its context.',
      occurredOn: '2021',
      place: 'shusha',
      topics: ['Shusha Declaration', 'allied relations', 'defence cooperation'],
      participants: [
        { person: 'ilham-aliyev', role: 'signatory' },
        { person: 'recep-tayyip-erdogan', role: 'signatory' },
      ],
      evidence: SHUSHA_SENTENCE,
    },
    {
      kind: 'VISIT',
      title: 'First official visit to Shusha',
      summary:
        'The first official visit to Shusha, eight months after Azerbaijan\u2019s victory in the war with Armenia, during which Presidents Ilham Aliyev and Recep Tayyip Erdogan signed the Shusha Declaration.',
      occurredOn: '2021',
      place: 'shusha',
      topics: ['Shusha Declaration'],
      participants: [
        { person: 'ilham-aliyev', role: 'participant' },
        { person: 'recep-tayyip-erdogan', role: 'participant' },
      ],
      evidence: span('during the first official visit to Shusha eight months after Azerbaijan\u2019s victory in the war with Armenia'),
    },
    {
      kind: 'SIGNING',
      title: 'Azerbaijan and Turkey sign a memorandum of alliance',
      summary: 'On 15 June 2021 the two countries signed a memorandum of alliance that cemented their existing military, political and economic cooperation.',
      occurredOn: '2021-06-15',
      topics: ['alliance', 'military cooperation', 'political cooperation', 'economic cooperation'],
      evidence: MEMORANDUM_SENTENCE,
    },
    {
      kind: 'SIGNING',
      title: 'The Azerbaijani and Turkish governments sign an agreement on military education and weapon equipment',
      summary: 'In 1992 military cooperation between Azerbaijan and Turkey first emerged with this agreement between the two governments.',
      occurredOn: '1992',
      topics: ['military education', 'weapon equipment'],
      participants: [
        { organization: 'azerbaijani-government', role: 'signatory' },
        { organization: 'turkish-government', role: 'signatory' },
      ],
      evidence: span(
        'Military cooperation between Azerbaijan and Turkey first emerged in 1992, with an agreement signed between the Azerbaijani and Turkish governments on military education and weapon equipment and deals to help strengthen the bond between the two nations.',
      ),
    },
    {
      kind: 'OTHER',
      title: 'Second Karabakh War',
      summary:
        'The war with Armenia that Azerbaijan won; Turkey gave Azerbaijan political and moral support during it, for which Hasanov thanked Turkey. The article gives no dates for it.',
      place: 'karabakh',
      topics: ['war', 'Karabakh'],
      evidence: span(
        'Stressing the importance of Azerbaijan\u2019s victory in the Second Karabakh War, the minister once again thanked Turkey for its political and moral support during the war.',
      ),
    },
    {
      kind: 'EXERCISE',
      title: 'Joint Azerbaijani-Turkish military drills',
      summary:
        'Azerbaijan and Turkey periodically hold joint drills to improve interaction and communication between their army units. A recurring practice, not one dated exercise.',
      topics: ['joint drills', 'interoperability'],
      participants: [
        { organization: 'azerbaijani-army', role: 'participant' },
        { organization: 'turkish-army', role: 'participant' },
      ],
      evidence: span('Azerbaijan and Turkey periodically hold joint drills to improve interaction and communication between their army units.'),
    },
  ],
};

// ---------------------------------------------------------------------------------------------

const parsed = parseArticleDocument(doc);
if (!parsed.ok) {
  for (const issue of parsed.issues) console.error(`${issue.path}: ${issue.message}`);
  process.exit(1);
}
const json = formatDocumentJson(doc);
if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(TARGET, 'utf8');
  } catch {
    // missing: reported below as a difference
  }
  if (committed !== json) {
    console.error(`${TARGET} is not what this script builds; run it without --check`);
    process.exit(1);
  }
  console.log('seed document is up to date');
} else {
  writeFileSync(TARGET, json);
  console.log(`wrote ${TARGET}`);
}
