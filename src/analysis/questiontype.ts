/**
 * Stage: question type.
 *
 * Question words are stopwords to a search engine but tell which answer fits: "hur många" wants a number, "när"
 * a time, "vem" a body, "varför" a reason, "vad betyder" a definition. Both FAQ questions and user questions get
 * one type token ("qt:count"), matched against FAQ questions only, so two entries about the same topic are told
 * apart by what is asked. A question with none of these words that opens with a verb ("Finns det …", "Får jag …")
 * asks yes or no ("qt:yesno").
 */
import { swedishBounds } from './normalize';

const TYPES: [string, RegExp][] = (
  [
    ['count', /\bhur (många|mycket)\b(?!\s+(kostar|kostade|kosta|kostat)\b)|\bantal(et)?\b/u],
    // "När" asks a time where it opens the question ("när …", "och när …") or follows a verb of telling or knowing
    // ("kan du säga när …", "vet du när …"); elsewhere it is mostly a conjunction ("försvinner systemen när
    // Millennium kommer?").
    [
      'time',
      /^(\S+\s+){0,2}när\b|\b(säga|säg|vet|veta|undrar|undra|berätta|förklara|meddelat|meddela|meddelade|sagt|angett|angivit|aviserat|informerat)\s+(\S+\s+){0,2}när\b|\bvilke[nt] (år|höst|vår|sommar|vinter|månad|dag|vecka|tid|tidpunkt|datum)\b|\bhur (länge|aktuell)\b|\bdatum\b/u,
    ],
    ['who', /\bvem\b|\bvilka personer\b/u],
    ['why', /\bvarför\b|\bav vilken anledning\b|\bhur kommer det sig\b/u],
    // "Vad är X?" asks a definition; "vad är det (som) … ska täcka" asks something else.
    ['define', /\bvad (betyder|betydde|menas|står|innebär|innebar)\b|\bvad är(?! (det|den|de|dom) \p{L})\b|\bbetydelse\b|\bförkortning/u],
    ['where', /\bvar (kan|hittar|finns|läser)\b/u],
    // Money: the page states no amounts, so a question about cost must not get a reason or a decision.
    [
      'cost',
      /\b(vad|hur mycket) (kostar|kostade|kosta|kostat)\b|\bkostnad\w*|\bpris(et|er|erna)?\b|\bhur dyr[at]?\b|\bbudget\w*|\bkronor\b/u,
    ],
    // A named person: who chairs, sits in or leads something, or their names.
    [
      'person',
      /\b(vem|vilka) (är|var) (ordförande|chef|chefen|ansvarig|ansvariga|projektledare|ledare)\b|\b(vem|vilka) sitter\b|\bvem i (\S+ ){0,2}\p{L}*(gruppen|ledningen|samrådet|styrelsen|nämnden)\b|\b(vem|vilka) leder\b|\bnamn(et|en|ge)?\b|\bvilka personer\b|\bvad heter (han|hon|personen|personerna|chefen|ordföranden)\b/u,
    ],
    // What an analysis or a group found ("vad kom riskanalysen fram till"): the page says an analysis was made.
    ['result', /\bkom (\S+\s+){0,4}fram till\b|\bvad (visade|hittade|fann)\b|\bresultat(et|en)?\b|\bslutsats\w*|\bvad såg (de|dom|man)\b/u],
    // Step by step instructions (clinical how-to is stopped by the guard before this).
    [
      'howto',
      /\bhur (gör|ska|skall|bör|kan) (jag|vi|man) (göra|gå tillväga|ansöka|beställa|anmäla|logga|installera|få)\b|\bhur gör (jag|vi|man)\b|\bsteg för steg\b|\binstruktion\w*|\bmanual\w*|\bvad ska (jag|vi) göra\b/u,
    ],
  ] as [string, RegExp][]
).map(([t, re]) => [t, swedishBounds(re)]);

/** A question that opens with a verb ("Finns det …", "Får jag …") asks yes or no. */
const YES_NO = swedishBounds(
  /^\s*(är|kan|får|ska|skall|har|finns|fanns|blir|blev|kommer|måste|behöver|gäller|stämmer|gjordes|går|bör|hade|klarade|ingick|slutar|byts|ersätts|ersätter|tar|använder)\b/u,
);

/** The question-type tokens of a normalised text ("qt:count"), at most one per type. */
export function questionTypes(normalized: string): string[] {
  const types = TYPES.filter(([, re]) => re.test(normalized)).map(([t]) => `qt:${t}`);
  if (types.length === 0 && YES_NO.test(normalized)) types.push('qt:yesno');
  return types;
}

/**
 * A question about today ("Gäller det fortfarande?", "Har de bestämt sig än?", "Hur är läget idag?"): the page can
 * answer it only as of its date, and says nothing of later decisions.
 */
const NOW = swedishBounds(
  /\b(fortfarande|numera|framöver|hittills|just nu|i nuläget|nuläget|läget (nu|idag|i dag)|idag|i dag|senaste (beskedet|nytt|nytta|nyheten|läget)|än så länge)\b|\b(har|är) (\S+\s+){1,4}än\b|\bvid det här laget\b|\bnu\s*(då|\?|$)/u,
);

export function asksNow(normalized: string): boolean {
  return NOW.test(normalized);
}
