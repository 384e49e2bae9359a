/**
 * Stage: question type.
 *
 * Question words are stopwords to a search engine but tell which answer fits: "hur många" wants a number, "när"
 * a time, "vem" a body, "varför" a reason, "vad betyder" a definition. Both FAQ questions and user questions get
 * one type token ("qt:count"), matched against FAQ questions only, so two entries about the same topic are told
 * apart by what is asked. A question with none of these words that opens with a verb ("Finns det …", "Får jag …")
 * asks yes or no ("qt:yesno").
 */
const TYPES: [string, RegExp][] = [
  ['count', /\bhur (många|mycket)\b|\bantal(et)?\b/u],
  // "När" asks a time where it opens the question ("när …", "och när …") or follows a verb of telling or knowing
  // ("kan du säga när …", "vet du när …"); elsewhere it is mostly a conjunction ("försvinner systemen när
  // Millennium kommer?").
  [
    'time',
    /^(\S+\s+){0,2}när\b|\b(säga|säg|vet|veta|undrar|undra|berätta|förklara)\s+(\S+\s+){0,2}när\b|\bvilket år\b|\bvilken tid\b|\bhur (länge|aktuell)\b|\bdatum\b/u,
  ],
  ['who', /\bvem\b|\bvilka personer\b/u],
  ['why', /\bvarför\b|\bav vilken anledning\b|\bhur kommer det sig\b/u],
  ['define', /\bvad (betyder|menas|står|innebär|är)\b|\bbetydelse\b|\bförkortning/u],
  ['where', /\bvar (kan|hittar|finns|läser)\b/u],
];

/** A question that opens with a verb ("Finns det …", "Får jag …") asks yes or no. */
const YES_NO =
  /^\s*(är|kan|får|ska|skall|har|finns|fanns|blir|blev|kommer|måste|behöver|gäller|stämmer|gjordes|går|bör|hade|klarade|ingick|slutar|byts|ersätts|ersätter|tar|använder)\b/u;

/** The question-type tokens of a normalised text ("qt:count"), at most one per type. */
export function questionTypes(normalized: string): string[] {
  const types = TYPES.filter(([, re]) => re.test(normalized)).map(([t]) => `qt:${t}`);
  if (types.length === 0 && YES_NO.test(normalized)) types.push('qt:yesno');
  return types;
}
