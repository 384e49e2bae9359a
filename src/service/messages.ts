/**
 * Every Swedish text the service's HTTP layer answers with (the `error` of a JSON reply), in one table: the error
 * handler, the console's routes and the chat adapters' endpoints read them from here, so the same refusal reads the
 * same everywhere; a body that fails its JSON schema is explained from here too (validation.ts), and the pages of
 * the organisation's sign-in are here (auth.ts); so are the chat adapters' lines after a vote (FEEDBACK_MESSAGES),
 * which Slack and Teams share. The engine's texts are in src/answer/messages.ts, the support desk's in support.ts.
 */
export const HTTP_MESSAGES = {
  // Any route (errorhandler.ts, http.ts).
  notFound: 'Okänd adress.',
  badRequest: 'Ogiltig förfrågan.',
  badJson: 'Ogiltig JSON i förfrågan.',
  notAnObject: 'Förfrågan ska vara ett JSON-objekt.',
  sendJson: 'Skicka förfrågan som JSON (Content-Type: application/json).',
  tooLarge: (bytes: number) => `Förfrågan är för stor (högst ${bytes} byte).`,
  badId: 'Ogiltigt id.',
  busy: 'Faktabot har många förfrågningar just nu. Försök igen om en stund.',
  databaseDown: 'Faktabots databas går inte att nå just nu. Försök igen om en stund.',
  failed: 'Något gick fel hos Faktabot. Försök igen om en stund.',
  nul: 'Förfrågan innehåller ett tecken som inte kan tas emot (NUL).',

  // A body that fails its JSON schema (validation.ts).
  fieldMissing: (field: string) => `Fältet "${field}" saknas.`,
  fieldType: (field: string, type: string) => `Fältet "${field}" ska vara ${type}.`,
  fieldTooLong: (field: string, limit: string) => `Fältet "${field}" är för långt (högst ${limit} tecken).`,
  unknownField: (field: string) => `Okänt fält "${field}".`,
  listTooLong: (field: string, limit: string) => `Listan "${field}" är för lång (högst ${limit}).`,
  unknownValue: (field: string) => `Fältet "${field}" har ett okänt värde.`,
  outOfRange: (field: string) => `Fältet "${field}" har ett värde utanför det tillåtna.`,
  fieldInvalid: (field: string) => `Fältet "${field}" är ogiltigt.`,

  // The console's access (routes/access.ts).
  unknownHost: 'Konsolen svarar inte på det här värdnamnet. Använd 127.0.0.1, localhost eller PUBLIC_URL.',
  otherSite: 'Förfrågan kommer från en annan webbplats och nekas.',
  noRule: 'Den här delen av konsolen har ingen behörighetsregel och är stängd.',
  loopbackOnly: 'Konsolen svarar bara på den här datorn (ingen CONSOLE_TOKEN är satt).',
  tooManySignIns: 'För många inloggningsförsök. Vänta en minut och försök igen.',
  signInOrganisation: 'Logga in med ditt konto i organisationen.',
  signInToken: 'Logga in med konsolens nyckel.',
  roleMayNot: (roles: string) => `Din roll (${roles}) får inte göra det här i konsolen.`,

  // Signing in with the token (routes/login.ts).
  usesOrganisation: 'Konsolen använder organisationens inloggning: logga in med ditt konto.',
  noToken: 'Ingen CONSOLE_TOKEN är satt: konsolen behöver ingen inloggning på den här datorn.',
  wrongToken: 'Fel inloggningsnyckel.',

  // The console's API.
  questionNotLogged: 'Frågan finns inte i loggen.',
  feedbackConsoleOnly: 'Återkoppling kan bara ges på svar som ställts i konsolen.',
  groupNotLogged: 'Gruppen finns inte i frågeloggen.',
  nothingToChange: 'Inget att ändra.',
  changeUnknown: 'Ändringen finns inte.',
  ticketUnknown: 'Ärendet finns inte.',
  ticketUnanswered: 'Ärendet har inget svar från supporten ännu.',
  draftUnknown: 'Förslaget finns inte.',

  // Importing a page in "Sidor" (routes/pages.ts, fetchpage.ts).
  importFileOrAddress: 'Ladda upp en fil eller ange en adress att hämta sidan från (en av dem).',
  importNeedsUrl: 'Ange sidans adress (url): svaren hänvisar till den.',
  importBadBase64: 'Filen kom inte fram hel (ogiltig base64). Ladda upp den igen.',
  importAddress: 'Adressen ska vara en webbadress som börjar med https:// eller http://.',
  importHostNotAllowed: (host: string, allowed: readonly string[]) =>
    `Faktabot hämtar inte sidor från ${host} (bara från ${allowed.join(', ') || 'inga webbplatser'}). Spara sidan som fil och ladda upp den i stället.`,
  importInternal:
    'Adressen leder till ett internt nät, och därifrån hämtar Faktabot inga sidor. Spara sidan som fil och ladda upp den i stället.',
  importTooManyRedirects: 'Adressen skickar vidare för många gånger. Ange sidans egen adress.',
  importFetchStatus: (status: number) => `Sidan kunde inte hämtas (webbplatsen svarade ${status}). Kontrollera adressen.`,
  importTimeout: 'Sidan svarade inte i tid. Försök igen om en stund, eller ladda upp den som fil.',
  importUnreachable: 'Sidan kunde inte hämtas. Kontrollera adressen, eller ladda upp sidan som fil.',
  importFetchTooLarge: (bytes: number) =>
    `Sidan är för stor (högst ${Math.round(bytes / 1048576)} MB). Dela upp dokumentet eller ladda upp en mindre del.`,
} as const;

/** JSON-schema types as a field's message names them. */
export const SCHEMA_TYPES: Record<string, string> = {
  string: 'en text',
  integer: 'ett heltal',
  number: 'ett tal',
  boolean: 'true eller false',
  object: 'ett JSON-objekt',
  array: 'en lista',
};

/** A page the organisation's sign-in routes answer a browser with (routes/auth.ts): a heading and what to do. */
export interface SignInPage {
  title: string;
  text: string[];
}

/** The sign-in routes' pages: they answer a browser, so every refusal is a short page, never JSON. */
export const SIGN_IN_PAGES = {
  again: 'Logga in igen',
  toConsole: 'Till konsolen',
  noOidc: { title: 'Ingen organisationsinloggning', text: ['Konsolen är inte kopplad till organisationens inloggning.'] },
  tooMany: { title: 'För många inloggningar', text: ['Vänta en minut och försök igen.'] },
  providerDown: {
    title: 'Inloggningen fungerar inte just nu',
    text: [
      'Organisationens inloggningstjänst svarar inte just nu, så det går inte att logga in i konsolen.',
      'Försök igen om en stund. Faktabot svarar som vanligt på frågor i Teams och Slack under tiden.',
    ],
  },
  expired: {
    title: 'Inloggningen kunde inte slutföras',
    text: ['Inloggningen hade gått ut, var redan använd eller startades i en annan webbläsare.', 'Logga in igen.'],
  },
  noRole: (name: string): SignInPage => ({
    title: 'Du har inte behörighet till konsolen',
    text: [
      `Du är inloggad som ${name}, men ditt konto har ingen roll i Faktabots konsol.`,
      'Be den som förvaltar Faktabot i din organisation att ge dig en roll (kommunikatör, support eller läsare).',
    ],
  }),
  cancelled: { title: 'Inloggningen avbröts', text: ['Inloggningen avbröts eller nekades hos organisationens inloggningstjänst.'] },
  refused: {
    title: 'Inloggningen kunde inte slutföras',
    text: [
      'Svaret från organisationens inloggningstjänst gick inte att godta, så du loggades inte in.',
      'Logga in igen. Händer det igen, kontakta den som förvaltar Faktabot.',
    ],
  },
} satisfies Record<string, string | SignInPage | ((name: string) => SignInPage)>;

/**
 * What a reply says after 👍/👎 in Slack and Teams. 👎 says who reads it (the communicators, in the console's
 * Granska) and what the asker can do now: ask the support desk where one is set; where none is, that no one will
 * answer them personally, so that they do not wait for a reply that never comes.
 */
export const FEEDBACK_MESSAGES = {
  helpful: 'Tack för återkopplingen!',
  notHelpful: 'Tack! Kommunikatörerna som sköter Faktabot ser att svaret inte hjälpte och förbättrar det.',
  /** After notHelpful, beside "Fråga supporten". */
  askSupport: 'Behöver du svar nu kan du fråga supporten.',
  /** After notHelpful, where no support desk is set. */
  noReply: 'Du får inget eget svar på det här.',
  /** On the reply whose question was sent to the support desk, instead of "Fråga supporten". */
  sentToSupport: 'Frågan är skickad till supporten. Svaret kommer till dig privat.',
  /**
   * At the top of the "Fråga supporten" form: what the desk sees. Names, numbers and addresses in what the asker
   * writes are removed before anything is stored or sent (redaction), so the form says so.
   */
  supportFormIntro:
    'Din fråga skickas till supportens kanal. Supporten ser frågan och det du lägger till, utan namn, telefonnummer, personnummer och adresser (de tas bort), och vem du är, var och när du frågade och vad Faktabot svarade.',
  notSaved: 'Återkopplingen kunde inte sparas.',
  /** `where`: the platform's word for the conversation ("samtal", "kanal"). */
  forbidden: (where: string) => `Bara den som frågade, eller någon i samma ${where}, kan lämna återkoppling på svaret.`,
} as const;

/**
 * The line a reply shows after a vote: thanks for 👍; for 👎 who reads it, and either "Fråga supporten" (`desk`),
 * or that no personal answer comes; `sent`: the question already went to the desk.
 */
export function feedbackLine(helpful: boolean, options: { desk: boolean; sent?: boolean }): string {
  if (helpful) return FEEDBACK_MESSAGES.helpful;
  if (options.sent) return FEEDBACK_MESSAGES.notHelpful;
  return `${FEEDBACK_MESSAGES.notHelpful} ${options.desk ? FEEDBACK_MESSAGES.askSupport : FEEDBACK_MESSAGES.noReply}`;
}
