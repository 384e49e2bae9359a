/**
 * Every Swedish text the service's HTTP layer answers with (the `error` of a JSON reply), in one table: the error
 * handler, the console's routes and the chat adapters' endpoints read them from here, so the same refusal reads the
 * same everywhere. The engine's texts are in src/answer/messages.ts, the support desk's in support.ts, the schema
 * errors' in validation.ts.
 */
export const HTTP_MESSAGES = {
  // Any route (server.ts's error handler, http.ts).
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
  ticketUnknown: 'Ärendet finns inte.',
  ticketUnanswered: 'Ärendet har inget svar från supporten ännu.',
  draftUnknown: 'Förslaget finns inte.',
} as const;
