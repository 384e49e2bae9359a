/** Every Swedish text the core gives a user. Short and plain. */
import { MAX_QUESTION_LENGTH } from '../limits';

export const MESSAGES = {
  abstain: 'Jag hittar inget säkert svar på det i faktabanken om Millennium, IVA och anestesi.',
  abstainWithSuggestions: 'Jag hittar inget säkert svar på det. Menade du…?',
  abstainHint: 'Jag svarar bara på frågor om VGR:s beslut om IT-stöd för IVA och anestesi och Millennium.',
  clinical:
    'Jag svarar inte på kliniska frågor eller frågor om enskilda patienter, till exempel doser, fasta eller behandling. ' +
    'Följ era lokala rutiner och fråga ansvarig läkare. Jag kan bara svara på frågor om beslutet om IT-stöd för IVA och anestesi.',
  greeting: 'Hej! Jag är Faktabot och svarar på frågor om VGR:s beslut om IT-stöd för IVA och anestesi och Millennium.',
  thanks: 'Varsågod! Fråga gärna igen om du undrar något mer.',
  help:
    'Jag är Faktabot. Jag svarar kort på frågor om varför IVA- och anestesimodulerna i Millennium blev optioner, ' +
    'vad som upphandlas istället och vad det betyder för dig, och visar alltid källa och datum. ' +
    'Jag svarar inte på kliniska frågor.',
  empty: 'Skriv en fråga, så svarar jag om jag kan.',
  examplesIntro: 'Du kan till exempel fråga:',
  /** Put before the reply to a question wholly in English. */
  englishNote: 'The source is a Swedish page, so the answer is in Swedish.',
  tooLong: `Frågan är för lång för mig. Skriv den kortare, gärna som en enda fråga på högst ${MAX_QUESTION_LENGTH} tecken.`,
  rateLimited: 'Du har ställt många frågor på kort tid. Vänta en minut och försök sedan igen.',
  /** The best entry is on topic but does not state what was asked (när, hur många …). */
  notStated: (what: string) => `Faktasidan säger inte ${what}.`,
  /** The question is about a name (a system, a place, a person) the knowledge never uses. */
  notMentioned: (name: string | undefined) => (name ? `Faktasidan nämner inte ${name}.` : 'Faktasidan nämner inte det namnet.'),
  /** A follow-up that would only get the answer just given again. */
  nothingMore: 'Faktasidan säger inte mer om det än svaret ovan.',
  notStatedRelated: 'Den här närliggande frågan kan jag svara på:',
  /** Above the related questions, where the text does not lead into them itself. */
  relatedHeading: 'Relaterade frågor',
  /** Above the follow-up questions under an answer (what staff usually ask next). */
  followUpsHeading: 'Vill du veta mer?',
  /** Before an interpreted answer: the question the bot took the message to ask. */
  interpretedAs: (question: string) => `Jag tolkar frågan som ”${question.replace(/[”"]/gu, '')}”.`,
  /** After an answer to one part of a message, for a part the engine found nothing sure about. */
  otherPartUnknown: 'Det andra du frågar om hittar jag inget säkert svar på.',
  /** After an answer to one part of a message, for a part about a name the knowledge never uses. */
  otherPartNotMentioned: 'Det andra du frågar om nämns inte på faktasidan.',
  /** Before an answer to a question about today: the page's state is as of its date. */
  asOf: (year: string) => `Enligt faktasidan från ${year}:`,
  /** After an answer to a question about today. */
  laterNotOnPage: 'Beslut och händelser efter det finns inte med på faktasidan.',
  /** Above the other close candidates under an interpreted answer. */
  somethingElse: 'Menade du något annat?',
} as const;
