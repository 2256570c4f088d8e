/**
 * Name pools for the GKG generator: the i-th person, organization, city or source is always the
 * same name, and two indexes never give one normalized name (names.ts nameKey), so a pool of n
 * entries is n distinct entities however large n is. Surnames and place names are built from
 * consonant-vowel syllables, which concatenate without ambiguity.
 */

const FIRST = [
  'James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Barbara',
  'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen', 'Ahmed', 'Fatima', 'Mohammed', 'Aisha',
  'Rahul', 'Priya', 'Ajit', 'Sunita', 'Wei', 'Li', 'Hiroshi', 'Yuki', 'Olga', 'Ivan', 'Elena', 'Sergei', 'Pierre', 'Marie',
  'Hans', 'Anna', 'Giovanni', 'Giulia', 'Carlos', 'Lucia', 'Jose', 'Ana', 'Kwame', 'Amara', 'Recep', 'Ayse', 'Zakir', 'Leyla',
  'Emeka', 'Ngozi', 'Lars', 'Ingrid', 'Pavel', 'Katarzyna', 'Diego', 'Camila', 'Omar', 'Noura', 'Arjun', 'Deepa', 'Kenji',
  'Sakura', 'Mateo', 'Valentina', 'Samuel', 'Grace', 'Daniel', 'Emily', 'Brandon', 'Meg', 'Sharad', 'Eknath', 'Holly', 'Sam',
];

const CONSONANTS = ['b', 'd', 'f', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'z', 'sh'];
const VOWELS = ['a', 'e', 'i', 'o', 'u'];
const SYLLABLES = CONSONANTS.flatMap((c) => VOWELS.map((v) => c + v)); // 80

const capitalize = (s: string) => s[0].toUpperCase() + s.slice(1);

/** The n-th word of `minSyllables` or more syllables (injective: shorter words come first). */
export function syllableWord(n: number, minSyllables = 2): string {
  let length = minSyllables;
  let count = SYLLABLES.length ** length;
  while (n >= count) {
    n -= count;
    length++;
    count = SYLLABLES.length ** length;
  }
  // A fixed permutation within the length class, so neighbouring indexes don't share a prefix.
  n = (n * 7919 + 1237) % count;
  let word = '';
  for (let i = 0; i < length; i++) {
    word = SYLLABLES[n % SYLLABLES.length] + word;
    n = Math.floor(n / SYLLABLES.length);
  }
  return capitalize(word);
}

/** Person i: a first name and a surname of its own. */
export function personName(i: number): string {
  return `${FIRST[(i * 7) % FIRST.length]} ${syllableWord(i)}`;
}

const ORG_PATTERNS: Array<(w: string) => string> = [
  (w) => `${w} Group`,
  (w) => `University of ${w}`,
  (w) => `${w} City Council`,
  (w) => `Ministry of ${w} Affairs`,
  (w) => `${w} National Bank`,
  (w) => `${w} Football Club`,
  (w) => `${w} Energy Corporation`,
  (w) => `${w} Health Trust`,
  (w) => `${w} Party`,
  (w) => `${w} Institute`,
];

export function organizationName(i: number): string {
  return ORG_PATTERNS[i % ORG_PATTERNS.length](syllableWord(Math.floor(i / ORG_PATTERNS.length)));
}

/** A source domain: distinct per index. */
export function sourceDomain(i: number): string {
  const tld = ['com', 'co.uk', 'in', 'com.au', 'org', 'net', 'de', 'ca'][i % 8];
  return `${syllableWord(Math.floor(i / 8)).toLowerCase()}news.${tld}`;
}

export interface Country {
  fips: string;
  name: string;
  lat: number;
  long: number;
}

/** Countries GDELT writes often (FIPS 10-4 codes, as GKG does), most frequent first. */
export const COUNTRIES: Country[] = [
  { fips: 'US', name: 'United States', lat: 39.828, long: -98.5795 },
  { fips: 'UK', name: 'United Kingdom', lat: 54, long: -2 },
  { fips: 'IN', name: 'India', lat: 20, long: 77 },
  { fips: 'AS', name: 'Australia', lat: -25, long: 135 },
  { fips: 'CA', name: 'Canada', lat: 60, long: -95 },
  { fips: 'CH', name: 'China', lat: 35, long: 105 },
  { fips: 'RS', name: 'Russia', lat: 60, long: 100 },
  { fips: 'UP', name: 'Ukraine', lat: 49, long: 32 },
  { fips: 'FR', name: 'France', lat: 46, long: 2 },
  { fips: 'GM', name: 'Germany', lat: 51, long: 9 },
  { fips: 'TU', name: 'Turkey', lat: 39, long: 35 },
  { fips: 'AJ', name: 'Azerbaijan', lat: 40.5, long: 47.5 },
  { fips: 'PK', name: 'Pakistan', lat: 30, long: 70 },
  { fips: 'NI', name: 'Nigeria', lat: 10, long: 8 },
  { fips: 'SF', name: 'South Africa', lat: -29, long: 24 },
  { fips: 'JA', name: 'Japan', lat: 36, long: 138 },
  { fips: 'BR', name: 'Brazil', lat: -10, long: -55 },
  { fips: 'MX', name: 'Mexico', lat: 23, long: -102 },
  { fips: 'IS', name: 'Israel', lat: 31.5, long: 34.75 },
  { fips: 'IR', name: 'Iran', lat: 32, long: 53 },
  { fips: 'SA', name: 'Saudi Arabia', lat: 25, long: 45 },
  { fips: 'EG', name: 'Egypt', lat: 27, long: 30 },
  { fips: 'IT', name: 'Italy', lat: 42.8333, long: 12.8333 },
  { fips: 'SP', name: 'Spain', lat: 40, long: -4 },
  { fips: 'KS', name: 'South Korea', lat: 37, long: 127.5 },
  { fips: 'PL', name: 'Poland', lat: 52, long: 20 },
  { fips: 'AF', name: 'Afghanistan', lat: 33, long: 65 },
  { fips: 'KE', name: 'Kenya', lat: 1, long: 38 },
  { fips: 'NZ', name: 'New Zealand', lat: -41, long: 174 },
  { fips: 'EI', name: 'Ireland', lat: 53, long: -8 },
];

export const US_STATES: Array<[string, string, number, number]> = [
  ['CA', 'California', 36.17, -119.746], ['TX', 'Texas', 31.106, -97.6475], ['FL', 'Florida', 27.8333, -81.717],
  ['NY', 'New York', 42.1497, -74.9384], ['KS', 'Kansas', 38.5111, -96.8005], ['MD', 'Maryland', 39.0724, -76.7902],
  ['IL', 'Illinois', 40.3363, -89.0022], ['OH', 'Ohio', 40.2862, -82.7937], ['GA', 'Georgia', 32.9866, -83.6487],
  ['WA', 'Washington', 47.3917, -121.571], ['PA', 'Pennsylvania', 40.5773, -77.264], ['MI', 'Michigan', 43.3504, -84.5603],
];

/** GDELT theme codes (its public taxonomy), most frequent first. */
export const THEMES = [
  'TAX_FNCACT', 'EPU_POLICY', 'LEADER', 'GENERAL_GOVERNMENT', 'TAX_ETHNICITY', 'MEDIA_MSM', 'USPEC_POLITICS_GENERAL1',
  'TAX_WORLDLANGUAGES', 'WB_696_PUBLIC_SECTOR_MANAGEMENT', 'CRISISLEX_CRISISLEXREC', 'SOC_POINTSOFINTEREST', 'EDUCATION',
  'TAX_FNCACT_PRESIDENT', 'ECON_STOCKMARKET', 'ARMEDCONFLICT', 'KILL', 'SECURITY_SERVICES', 'TAX_FNCACT_POLICE',
  'WB_2432_FRAGILITY_CONFLICT_AND_VIOLENCE', 'ELECTION', 'TAX_FNCACT_MINISTER', 'GENERAL_HEALTH', 'MEDICAL', 'ARREST',
  'SOC_GENERALCRIME', 'UNGP_CRIME_VIOLENCE', 'TAX_FNCACT_CHIEF', 'WB_135_TRANSPORT', 'ECON_INFLATION', 'TAX_ECON_PRICE',
  'CRISISLEX_T03_DEAD', 'WOUND', 'TAX_DISEASE', 'MANMADE_DISASTER_IMPLIED', 'NATURAL_DISASTER', 'ENV_CLIMATECHANGE',
  'WB_678_DIGITAL_GOVERNMENT', 'TAX_FNCACT_MAYOR', 'LEGISLATION', 'TRIAL', 'PROTEST', 'UNREST_CRACKDOWN', 'MILITARY',
  'TAX_MILITARY_TITLE', 'TAX_FNCACT_SOLDIERS', 'WB_1014_CRIMINAL_JUSTICE', 'SOC_EMERGINGTECH', 'CYBER_ATTACK',
  'TAX_FNCACT_CEO', 'ECON_EARNINGSREPORT', 'ECON_BANKRUPTCY', 'WB_1921_PRIVATE_SECTOR_DEVELOPMENT', 'AGRICULTURE',
  'FOOD_SECURITY', 'TAX_FNCACT_FARMERS', 'IMMIGRATION', 'REFUGEES', 'TERROR', 'SANCTIONS', 'NEGOTIATIONS', 'ALLIANCE',
  'TAX_FNCACT_JUDGE', 'CORRUPTION', 'WB_2024_ANTI_CORRUPTION_AUTHORITIES', 'SPORTS', 'TAX_SPORTS', 'ENTERTAINMENT',
  'TAX_FNCACT_ARTISTS', 'GEN_HOLIDAY', 'WEATHER', 'DROUGHT', 'FLOOD', 'WILDFIRE', 'EPU_ECONOMY', 'EPU_CATS_TAXES',
  'TAX_FNCACT_STUDENTS', 'WB_470_EDUCATION', 'RELIGION', 'TAX_FNCACT_PRIEST', 'HUMAN_RIGHTS', 'DISCRIMINATION',
];

/** Words for titles and quotations. */
export const WORDS = [
  'government', 'minister', 'police', 'city', 'council', 'plans', 'new', 'report', 'election', 'vote', 'court', 'ruling',
  'market', 'prices', 'rise', 'fall', 'storm', 'warning', 'talks', 'deal', 'agreement', 'protest', 'school', 'hospital',
  'health', 'service', 'budget', 'tax', 'energy', 'water', 'fire', 'crash', 'team', 'wins', 'season', 'final', 'leader',
  'party', 'support', 'calls', 'after', 'over', 'amid', 'for', 'with', 'says', 'against', 'first', 'year', 'week',
];

export const QUOTE_VERBS = ['', '', 'said', 'told', 'added', 'warned', 'stated'];
