/**
 * Every Swedish text the importer shows: why a document is refused and what to do instead, and the notes on a
 * proposed FAQ entry. In one table so that the CLI and the console say the same thing.
 */
import { MAX_IMPORT_BYTES } from '../../limits';

const mb = (bytes: number) => String(Math.round(bytes / 1048576));

export const IMPORT_MESSAGES = {
  tooLarge: (bytes: number) =>
    `Filen är för stor (${(bytes / 1048576).toFixed(1).replace('.', ',')} MB; högst ${mb(MAX_IMPORT_BYTES)} MB). Dela upp dokumentet eller importera webbsidan i stället.`,
  empty: 'Filen är tom. Välj filen igen, eller kontrollera att sidan eller dokumentet har text.',
  image: (kind: string) =>
    `Filen är en bild (${kind}), inte en webbsida, ett Word-dokument eller en PDF. Importera sidan eller dokumentet som bilden kommer från.`,
  mismatch: (named: string, actual: string) =>
    `Filen heter ${named} men är ${actual}. Kontrollera att du valt rätt fil, eller ge den rätt filändelse.`,
  unknown:
    'Filen är varken en webbsida (HTML), ett Word-dokument (.docx) eller en PDF. Spara dokumentet i något av de formaten och försök igen.',
  oldWord: 'Filen är ett äldre Word-dokument (.doc). Öppna det i Word och spara det som .docx, och importera det sedan.',
  encryptedWord: 'Word-dokumentet är lösenordsskyddat. Spara en kopia utan lösenord och importera den.',
  encryptedPdf: 'PDF-filen är lösenordsskyddad. Spara en kopia utan lösenord och importera den.',
  brokenWord: 'Word-dokumentet är skadat och går inte att läsa. Öppna det i Word, spara det igen som .docx och försök på nytt.',
  notWord: 'Filen är ett zip-arkiv men inget Word-dokument. Spara dokumentet som .docx och försök igen.',
  tooComplex:
    'Sidan är för djupt nästlad eller har för många element för att läsas. Spara sidan som PDF eller kopiera texten till ett Word-dokument och importera det.',
  brokenPdf: 'PDF-filen är skadad och går inte att läsa. Spara den igen (till exempel ”Skriv ut som PDF”) och försök på nytt.',
  emptyPdf: 'PDF-filen har ingen text. Kontrollera att det är rätt fil.',
  scanned:
    'PDF-filen är inskannade bilder utan text, så den går inte att söka i. Importera originaldokumentet eller webbsidan i stället, eller en PDF med text.',
  noText: 'Dokumentet har ingen text att importera. Kontrollera att det är rätt fil.',
  noDate: 'Dokumentet säger inte när det publicerades. Ange året eller datumet (till exempel --published 2022 eller fältet Publicerad).',
  badDate: (date: string) => `Datumet ”${date}” ska skrivas ÅÅÅÅ eller ÅÅÅÅ-MM-DD, till exempel 2022 eller 2022-11-15.`,
  pageTooLarge: 'Sidan som importen ger blir för stor för kunskapen. Dela upp dokumentet och importera delarna var för sig.',
  /** A proposed entry's notes, for the communicator who reviews it. */
  headingNoQuestion: 'Rubriken är ingen fråga: skriv frågan som personalen skulle ställa den.',
  longAnswer: 'Svaret är långt: korta det till en eller två meningar.',
  /** Front matter `owner` when neither the caller nor an earlier import names one. */
  noOwner: 'Ej angiven',
  /** The question of a draft whose heading is not one. */
  aboutHeading: (heading: string) => `Vad säger sidan om ${heading}?`,
} as const;
