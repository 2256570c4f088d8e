/** The words the article generator builds names, titles and bodies from. */

export const FIRST = [
  'Ilham', 'Recep', 'Zakir', 'Hulusi', 'Mevlüt', 'Jeyhun', 'Mehriban', 'Emine', 'Ali', 'Kerim', 'Leyla', 'Aylin',
  'Murat', 'Elnur', 'Farid', 'Nigar', 'Orhan', 'Selin', 'Tural', 'Vugar', 'Anar', 'Rashad', 'Sevda', 'Ayşe',
  'Mikayil', 'Gunel', 'Hikmet', 'Ramil', 'Samir', 'Zeynep', 'Hakan', 'Emre', 'Nazim', 'Ulviyya', 'Kamran', 'Elif',
  'Javid', 'Lala', 'Ruslan', 'Tamerlan', 'Yusif', 'Aysel', 'Burak', 'Cem', 'Deniz', 'Ebru', 'Fuad', 'Gülnar',
];
export const LAST = [
  'Aliyev', 'Erdoğan', 'Hasanov', 'Akar', 'Çavuşoğlu', 'Bayramov', 'Mammadov', 'Yilmaz', 'Kaya', 'Demir', 'Guliyev',
  'Huseynov', 'Ismayilov', 'Abbasov', 'Karimov', 'Najafov', 'Rzayev', 'Safarov', 'Valiyev', 'Zeynalov', 'Özdemir',
  'Şahin', 'Çelik', 'Aydın', 'Öztürk', 'Arslan', 'Doğan', 'Kılıç', 'Aslan', 'Çetin', 'Kara', 'Koç', 'Kurt', 'Özkan',
  'Şimşek', 'Polat', 'Quliyev', 'Jafarov', 'Nasirov', 'Babayev', 'Ahmadov', 'Orujov', 'Hajiyev', 'Musayev',
];
export const COUNTRY_NAMES = [
  ['Azerbaijan', 'AZ'], ['Turkey', 'TR'], ['Georgia', 'GE'], ['Russia', 'RU'], ['Iran', 'IR'], ['Kazakhstan', 'KZ'],
  ['Uzbekistan', 'UZ'], ['Turkmenistan', 'TM'], ['Pakistan', 'PK'], ['Ukraine', 'UA'], ['Hungary', 'HU'],
  ['Germany', 'DE'], ['France', 'FR'], ['Italy', 'IT'], ['United Kingdom', 'GB'], ['United States', 'US'],
  ['China', 'CN'], ['Japan', 'JP'], ['India', 'IN'], ['Israel', 'IL'], ['Egypt', 'EG'], ['Saudi Arabia', 'SA'],
  ['Qatar', 'QA'], ['United Arab Emirates', 'AE'], ['Kyrgyzstan', 'KG'], ['Tajikistan', 'TJ'], ['Moldova', 'MD'],
  ['Romania', 'RO'], ['Bulgaria', 'BG'], ['Greece', 'GR'], ['Serbia', 'RS'], ['Poland', 'PL'], ['Lithuania', 'LT'],
  ['Latvia', 'LV'], ['Estonia', 'EE'], ['Finland', 'FI'], ['Sweden', 'SE'], ['Norway', 'NO'], ['Spain', 'ES'],
  ['Portugal', 'PT'], ['Netherlands', 'NL'], ['Belgium', 'BE'], ['Austria', 'AT'], ['Switzerland', 'CH'],
  ['Czechia', 'CZ'], ['Slovakia', 'SK'], ['Croatia', 'HR'], ['Albania', 'AL'], ['Belarus', 'BY'], ['Armenia', 'AM'],
  ['Afghanistan', 'AF'], ['Iraq', 'IQ'], ['Syria', 'SY'], ['Jordan', 'JO'], ['Lebanon', 'LB'], ['Kuwait', 'KW'],
  ['Oman', 'OM'], ['Bahrain', 'BH'], ['Malaysia', 'MY'], ['Indonesia', 'ID'],
] as const;
export const CITY_PARTS = ['Gan', 'Sha', 'Ler', 'Bak', 'Ist', 'Kar', 'Nak', 'Sum', 'Min', 'Tov', 'Zag', 'Qub', 'Ord', 'Ala'];
export const CITY_ENDS = ['ja', 'si', 'kan', 'bul', 'ara', 'chivan', 'gait', 'gachevir', 'uz', 'tala', 'ba', 'lar', 'abad'];
export const ORG_KINDS = ['GOVERNMENT', 'MINISTRY', 'DEPARTMENT', 'ARMED_FORCES', 'DELEGATION', 'MEDIA', 'COMPANY',
  'INTERNATIONAL_BODY', 'POLITICAL_PARTY', 'OTHER'] as const;
export const ORG_WORDS = ['Defence', 'Foreign Affairs', 'Energy', 'Economy', 'Transport', 'Education', 'Health', 'Culture',
  'Digital Development', 'Agriculture', 'Emergency Situations', 'Finance', 'Justice', 'Ecology', 'Youth and Sports'];
export const ORG_FORMS: Record<(typeof ORG_KINDS)[number], string[]> = {
  GOVERNMENT: ['Government of {c}', 'Cabinet of {c}'],
  MINISTRY: ['Ministry of {w} of {c}', '{c} {w} Ministry'],
  DEPARTMENT: ['{w} Department', 'Directorate of {w}'],
  ARMED_FORCES: ['{c} Armed Forces', '{c} Land Forces', '{c} Naval Forces', '{c} Air Force'],
  DELEGATION: ['{c} delegation on {w}'],
  MEDIA: ['{c} News Agency', '{w} Daily', '{c} Television'],
  COMPANY: ['{c} {w} Company', '{w} Holding', '{c} State Oil Company'],
  INTERNATIONAL_BODY: ['Council on {w}', 'Organization for {w} Cooperation', 'Union of {w}'],
  POLITICAL_PARTY: ['{c} {w} Party', 'New {c} Party'],
  OTHER: ['{c} {w} Foundation', 'Institute of {w}'],
};
export const TITLES = ['Minister', 'Deputy Minister', 'President', 'Prime Minister', 'Chief of General Staff', 'Ambassador',
  'Spokesperson', 'Chairman', 'Director', 'Adviser', 'Commander', 'Head of Department', 'Member of Parliament'];
export const VERBS = ['met', 'spoke with', 'received', 'held talks with', 'visited', 'called', 'welcomed', 'thanked'];
export const TOPICS = ['military cooperation', 'energy security', 'trade', 'transport corridors', 'education', 'tourism',
  'regional security', 'humanitarian demining', 'culture', 'investment', 'digital development', 'agriculture'];
export const DECL_KINDS = ['TREATY', 'MEMORANDUM', 'DECLARATION', 'AGREEMENT', 'JOINT_STATEMENT', 'OTHER'] as const;
export const REL_KINDS = ['COMPARED_TO', 'FORMALIZES', 'SUPERSEDES', 'AMENDS', 'IMPLEMENTS', 'REFERENCES'] as const;
export const EVENT_KINDS = ['MEETING', 'AWARD', 'VISIT', 'INTERVIEW', 'STATEMENT', 'SIGNING', 'EXERCISE', 'OTHER'] as const;
export const QUOTE_LINES = [
  'Our cooperation is stronger than ever',
  'We will continue to support each other',
  'This agreement opens a new chapter',
  'The region needs peace and stability',
  'We discussed all issues on the agenda',
  'Our brotherhood is eternal',
  'Joint exercises strengthen our capabilities',
  'We are ready to expand trade',
];
export const PRECISIONS = ['DAY', 'DAY', 'DAY', 'MONTH', 'YEAR'] as const;

export const slugify = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ı/g, 'i')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
