/**
 * Swedish stopwords, and the question words we deliberately keep.
 *
 * lunr-languages' Swedish list removes "när", "vem", "hur", "vad", "var", "vilken"; those words tell which answer
 * fits ("när" wants a date, "vem" a body, "hur många" a number), so we keep them as question words: they are matched
 * against the FAQ questions only, with a low boost.
 */
export const QUESTION_WORDS: ReadonlySet<string> = new Set([
  'när',
  'vem',
  'vilka',
  'vilken',
  'vilket',
  'varför',
  'hur',
  'många',
  'mycket',
  'vad',
  'var',
  'vart',
  'vems',
]);

/** Whether something is true: "Stämmer det att …?" asks yes or no about the rest of the question. */
export const TRUTH_WORDS: readonly string[] = ['stämmer', 'stämde', 'sant', 'korrekt'];

/**
 * Words that say what kind of answer is wanted rather than what it is about ("vad betyder förkortningen FVM":
 * the topic is FVM). They are treated like question words: matched against FAQ questions with a low boost, and not
 * counted when judging how much of the question a document covers.
 */
export const INTENT_WORDS: ReadonlySet<string> = new Set([
  'betyder',
  'betyda',
  'betydde',
  'betydelse',
  'betydelsen',
  'förkortning',
  'förkortningen',
  'menas',
  'menar',
  'står',
  'innebär',
  'innebära',
  'anledning',
  'anledningen',
  'antal',
  'antalet',
  'förklara',
  'förklaring',
  ...TRUTH_WORDS,
  // When: "fortfarande", "framöver", "senaste" ask about today, which the page can only answer as of its date.
  'fortfarande',
  'framöver',
  'numera',
  'senaste',
  'hittills',
  // Cost: what is asked, not what it is about ("vad kostar avropet" is about the call-off).
  'kostar',
  'kostade',
  'kosta',
  'kostat',
  'kostnad',
  'kostnaden',
  'kostnader',
  'kostnaderna',
  'pris',
  'priset',
]);

export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'aderton adertonde adjö aldrig alla allas allt alltid alltså andra andras annan annat artonde arton att av bakom bara ' +
    'behöva behövas behövde behövt beslöt bland blev bli blir blivit bort borta bra bäst bättre båda bådas dag dagar ' +
    'dagarna dagen de del delen dem den denna deras dess dessa det detta dig din dina dit ditt dock du där därför e ' +
    'efter eftersom ej elfte eller elva en enkel enkelt enkla enligt er era ert ett ettusen fanns fem femte femtio ' +
    'femtionde femton femtonde fick fin finnas finns fjorton fjortonde fjärde fler flera flesta fram framför från fyra ' +
    'fyrtio fyrtionde få får fått följande för före förlåt förra första genast genom gick gjorde gjort god goda godare ' +
    'godast gott gälla gäller gällt gärna gå går gått gör göra ha hade haft han hans har heller hellre helst helt henne ' +
    'hennes hit hon honom hundra hundraen hundraett här hög höger högre högst i ibland icke idag igen igår imorgon in ' +
    'inför inga ingen ingenting inget innan inne inom inte inuti ja jag ju jämfört kan kanske knappast kom komma kommer ' +
    'kommit kr kunde kunna kunnat kvar legat ligga ligger lika likställd likställda lilla lite liten litet länge längre ' +
    'längst lätt lättare lättast långsam långsammare långsammast långsamt långt man med mellan men mer mera mest mig min ' +
    'mina mindre minst mitt mittemot mot mycket möjligen möjligt måste ned nederst nedersta nedre nej ner ni nio nionde ' +
    'nittio nittionde nitton nittonde nog noll nr nu nummer nya någon någonting något några nån nånting nåt och också ' +
    'om on oss på rakt redan rätt sa sade sagt samma sedan sen senare senast sent sex sextio sextionde sexton sextonde ' +
    'sig sin sina sist sista siste sitt sju sjunde sjuttio sjuttionde sjutton sjuttonde själv sjätte ska skall skulle ' +
    'slutligen små smått snart som stor stora stort större störst säga säger sämre sämst så sådan sådana sådant tack ' +
    'tidig tidigare tidigast tidigt till tills tillsammans tio tionde tjugo tjugoen tjugoett tjugonde tjugotre tjugotvå ' +
    'tjungo tolfte tolv tre tredje trettio trettionde tretton trettonde två tvåhundra under upp ur ursäkt ut utan utanför ' +
    'ute va vad var vara varför varifrån varit varje varken vars varsågod vart vem vems verkligen vi vid vidare viktig ' +
    'viktigare viktigast viktigt vilka vilken vilket vill vänster vänstra värre vår våra vårt än ännu är även åt åtminstone ' +
    'åtta åttio åttionde åttonde över övermorgon överst övre jo nåja sånt sån såna dom dem mej dej hej ' +
    // Spoken and chat fillers: they say nothing about the topic, and an unknown word lowers confidence.
    'nån nåt nånting grej grejen grejer typ liksom alltså asså väl egentligen slags sorts då dåså okej ok snälla ' +
    'undrar undra undrade fråga frågar frågan kolla kollar vet veta'
  )
    .split(' ')
    .filter((w) => !QUESTION_WORDS.has(w)),
);

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/**
 * Small words typed without å/ä/ö ("pa", "for", "nar", "ocksa") -> the word as written with them. Only where the
 * folded form is not itself a Swedish small word ("var", "sa" and "ar" stay as they are when they are words).
 */
const FOLDED_SMALL_WORDS: ReadonlyMap<string, string> = (() => {
  const out = new Map<string, string>();
  for (const w of [...STOPWORDS, ...QUESTION_WORDS, ...INTENT_WORDS]) {
    const f = w.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    if (f !== w && !STOPWORDS.has(f) && !QUESTION_WORDS.has(f) && !INTENT_WORDS.has(f) && !out.has(f)) out.set(f, w);
  }
  return out;
})();

/** The small word a word typed without å/ä/ö stands for ("pa" -> "på"), or undefined. */
export function unfoldSmallWord(word: string): string | undefined {
  return FOLDED_SMALL_WORDS.get(word);
}

export function isQuestionWord(word: string): boolean {
  return QUESTION_WORDS.has(word) || INTENT_WORDS.has(word);
}
