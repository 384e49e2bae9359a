/**
 * Personal data in disguise, as the security review planted it: personnummer with separators the first redactor did
 * not know, phone numbers and e-mail addresses in other forms, street addresses, a surname with an age, a name with a
 * birth year, names in greetings and sign-offs, and letters from other scripts that look Latin; then all of these
 * with their spaces doubled, made tabs or line breaks. Each goes through the cleaning path and the redactor
 * (safeText) as every stored text does.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanText, safeText } from '../../src/text/clean';
import { redact, validPersonnummer } from '../../src/text/redact';
import { address, disguisedEmail, disguisedPersonnummer, disguisedPhone, markedName, words } from './forms';

describe('personnummer in disguise (found by the security review)', () => {
  it.each([
    '19121212--1212',
    '121212    1212',
    '121212,1212',
    '121212:1212',
    '121212_1212',
    '121212·1212',
    '121212•1212',
    '121212─1212',
    '121212⎯1212',
    '121212\u28001212',
    "121212'1212",
    '121212’1212',
    '121212…1212',
    '121212~1212',
    '121212*1212',
    '121212 + 1212',
    '1 9 1 2 1 2 1 2 1 2 1 2',
    '1 2 1 2 1 2 - 1 2 1 2',
  ])('redacts %j', (pnr) => {
    expect(safeText(`Pnr ${pnr} tack`)).toBe('Pnr [personnummer] tack');
  });

  it('redacts the shape whatever the checksum, since a mistyped personnummer is still personal', () => {
    expect(validPersonnummer('6503121234')).toBe(false);
    expect(safeText('pnr 19650312--1234 och 650312·1234')).toBe('pnr [personnummer] och [personnummer]');
  });

  it('reads other groupings only with a valid checksum, so lists and dates are left alone', () => {
    expect(safeText('pnr 1912 1212 12 12')).toBe('pnr [personnummer]');
    for (const text of [
      'Mötena 2021-03-12, 2021-04-15 och 2022-01-10',
      'Öppet 08:00-16:30, lunch 12:00-13:00',
      'Version 12.11.1.4 och 35–40 system',
      'Punkterna 1, 2, 3, 4, 5 och 6',
      'hösten 2018 och 2021',
      '1 9 6 5 0 3 1 2 1 2 3 4 5 6 7 8',
    ])
      expect(safeText(text)).toBe(text);
  });
});

describe('phone numbers, e-mail and addresses in other forms (found by the security review)', () => {
  it.each([
    ['ring 46701234567', 'ring [telefon]'],
    ['ring 070\u2800123\u280045\u280067', 'ring [telefon]'],
    ['ring 070--123--45--67', 'ring [telefon]'],
    ['ring (0)70-123 45 67', 'ring ([telefon]'],
    ['mejla anna.lind(at)vgregion.se', 'mejla [e-post]'],
    ['mejla anna.lind @ vgregion.se', 'mejla [e-post]'],
    ['mejla anna.lind [at] vgregion (dot) se nu', 'mejla [e-post] nu'],
    ['Jag bor på Storgatan 12, 411 38 Göteborg.', 'Jag bor på [adress].'],
    ['adress Storgatan 12B 41138 Göteborg', 'adress [adress]'],
    ['Norra Allégatan 5 lgh 1102, 413 01 Göteborg', '[adress]'],
  ])('%j -> %j', (text, expected) => {
    expect(safeText(text)).toBe(expected);
  });
});

describe('names the text marks as names', () => {
  it.each([
    ['Lind (72) ligger på IVA', '[namn] (72) ligger på IVA'],
    ['Karin Lind (72 år) ligger', '[namn] (72 år) ligger'],
    ['Lind, 72 år, undrar', '[namn], 72 år, undrar'],
    ['Patienten Lind (72)', 'Patienten [namn] (72)'],
    ['Karin född 1950 undrar', '[namn] född 1950 undrar'],
    ['Karin Lind f. 1950 undrar', '[namn] f. 1950 undrar'],
    ['Hej Karin! När blev avtalet klart?', 'Hej [namn]! När blev avtalet klart?'],
    ['När blev avtalet klart? /Karin', 'När blev avtalet klart? /[namn]'],
    ['När blev avtalet klart?\nMvh Karin Lind', 'När blev avtalet klart?\nMvh [namn]'],
    ['Tack! Hälsningar, Anna', 'Tack! Hälsningar, [namn]'],
    ['Vad är FVM? mvh karin', 'Vad är FVM? mvh [namn]'],
    ['Mvh Karin Lind, undersköterska', 'Mvh [namn], undersköterska'],
    ['Kаrin Lind (72)', '[namn] (72)'],
    ['hej karin, vad är FVM?', 'hej [namn], vad är FVM?'],
    ['Hej alla! Hej igen, vad är FVM?', 'Hej alla! Hej igen, vad är FVM?'],
  ])('%j -> %j', (text, expected) => {
    expect(safeText(text)).toBe(expected);
  });

  it('keeps what only looks like a name', () => {
    for (const text of [
      'Hej Faktabot! Vad är FVM?',
      'Tack för hjälpen!',
      'Hej! Vem ansvarar för IVA/anestesi?',
      'Millennium (2022) ersätter 35 system',
    ])
      expect(safeText(text)).toBe(text);
  });
});

describe('disguises the second security review found', () => {
  // 811218-9876 has a valid checksum: every reading of the run accepts it.
  it.each([
    ['pnr är 811218     9876', 'pnr är [personnummer]'],
    ['pnr 811218, 9876', 'pnr [personnummer]'],
    ['pnr 811218 - - 9876', 'pnr [personnummer]'],
    ['pnr 811218\t\t\t\t\t\t9876', 'pnr [personnummer]'],
    ['pnr 811218\u00a0\u00a0\u00a0\u00a0\u00a09876', 'pnr [personnummer]'],
    ['pnr 811218 / / 9876', 'pnr [personnummer]'],
    ['pnr 811218😀😀😀9876', 'pnr [personnummer]'],
    ['pnr 811218👍🏽👍🏽👍🏽9876', 'pnr [personnummer]'],
    ['pnr 8 1 1 2 1 8  -  9 8 7 6', 'pnr [personnummer]'],
    ['pnr 811218\n\n\n9876 tack', 'pnr [personnummer] tack'],
    ['Ring 070     123 45 67', 'Ring [telefon]'],
    ['Ring 070\t\t\t\t\t123\t45\t67', 'Ring [telefon]'],
  ])('redacts the number in %j', (text, expected) => {
    expect(safeText(text)).toBe(expected);
  });

  it.each([
    ['mejla anna.lind(At)vgregion.se', 'mejla [e-post]'],
    ['mejla anna.lind[@]vgregion.se', 'mejla [e-post]'],
    ['mejla anna.lind(@)vgregion.se', 'mejla [e-post]'],
    ['mejla anna.lind @ vgregion . se nu', 'mejla [e-post] nu'],
    ['mejla anna.lind at vgregion dot se nu', 'mejla [e-post] nu'],
    ['mejla anna.lind AT vgregion PUNKT se', 'mejla [e-post]'],
    ['mejla anna.lind snabel-a vgregion.se', 'mejla [e-post]'],
    ['mejla anna.lind@@vgregion.se', 'mejla [e-post]'],
    ['mejla anna.lind [At] vgregion (Dot) se', 'mejla [e-post]'],
  ])('redacts the e-mail address in %j', (text, expected) => {
    expect(safeText(text)).toBe(expected);
  });

  it.each([
    ['Jag bor på Storgatan 12\n411 38 Göteborg', 'Jag bor på [adress]'],
    ['Jag bor på Storgatan 12-14, 411 38 Göteborg.', 'Jag bor på [adress].'],
    ['Jag bor på Storgatan 12 , 411 38', 'Jag bor på [adress]'],
    ['Jag bor på Storgatan 12\t411 38 Göteborg', 'Jag bor på [adress]'],
    ['Jag bor på Storgatan 12, 411-38 Göteborg', 'Jag bor på [adress]'],
  ])('redacts the address in %j', (text, expected) => {
    expect(safeText(text)).toBe(expected);
  });

  it.each([
    ['Vad gäller för Karin Lind (f. 1950)?', 'Vad gäller för [namn] (f. 1950)?'],
    ['Karin Lind f.1950 undrar', '[namn] f.1950 undrar'],
    ['Karin Lind född -50 undrar', '[namn] född -50 undrar'],
    ['Karin Lind, född 19500312, undrar', '[namn], född 19500312, undrar'],
    ['Karin Lind född 1950-03-12 undrar', '[namn] född 1950-03-12 undrar'],
    ['McDonald (72) ligger på IVA', '[namn] (72) ligger på IVA'],
    ['Lindström 72 år ligger på IVA', '[namn] 72 år ligger på IVA'],
    ['Hej Karin och Per! Vad är FVM?', 'Hej [namn]! Vad är FVM?'],
    ['Hej Karin, Per och Anna Lind! Vad är FVM?', 'Hej [namn]! Vad är FVM?'],
    ['Vad är FVM?\nMvh Karin Lind Sjuksköterska IVA Östra', 'Vad är FVM?\nMvh [namn]'],
    ['Tack Karin och Per!', 'Tack [namn]!'],
  ])('redacts the name in %j', (text, expected) => {
    expect(safeText(text)).toBe(expected);
  });

  it('keeps the ordinary questions those rules come near', () => {
    for (const text of [
      'Mötena 2021-03-12, 2021-04-15 och 2022-01-10',
      'Mötena 2021-03-12,    2021-04-15',
      'Öppet 08:00-16:30, lunch 12:00-13:00',
      'Se avsnitt 3.2.1, 4.1 och 5',
      'Tabell: 2019     2020     2021     2022',
      'Punkterna 1, 2, 3, 4, 5, 6, 7, 8, 9 och 10',
      'Kostnaden 1 200 000 kr och 35–40 system',
      'Det står i kapitel 12\n\n411 sidor om det',
      'Om 2 år ska allt vara klart. Under 18 år gäller annat.',
      'Vad tycker Sahlgrenska Universitetssjukhuset 10 år efter?',
      'Melior är 15 år gammalt',
      'Läs mer på vgregion.se. Där står det',
      'Hej alla och välkomna! Vad är FVM?',
      'Millennium (2022) ersätter 35 system hösten 2021',
    ])
      expect(safeText(text)).toBe(text);
  });
});

describe('look-alike letters (found by the security review)', () => {
  it('folds Cyrillic and Greek look-alikes in a word written in Latin letters', () => {
    expect(cleanText('Pаtienten på sal 4')).toBe('Patienten på sal 4');
    expect(cleanText('Kаrin')).toBe('Karin');
    expect(cleanText('PΑTΙENT')).toBe('PATIENT');
    expect(cleanText('pаtiеntеn')).toBe('patienten');
  });

  it('folds a word made only of look-alikes, and leaves a Russian or Greek word with letters of its own', () => {
    expect(cleanText('Аnnа')).toBe('Anna');
    expect(cleanText('привет как дела')).toBe('привет как дела');
    expect(cleanText('καλημέρα')).toBe('καλημέρα');
  });

  it('keeps every Swedish letter as written', () => {
    const swedish = 'Åsa Ärlig Östen åäö ÅÄÖ é ü Müller Sjöström';
    expect(cleanText(swedish)).toBe(swedish);
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzåäöABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖéü -.,?!'), maxLength: 60 }),
        (s) => {
          expect(cleanText(s)).toBe(s);
        },
      ),
      { numRuns: 500, seed: 7 },
    );
  });
});

describe('white space as a gap: what the third security review got stored', () => {
  it.each([
    ['Adress Storgatan  12, 411 38 Göteborg', '[adress]'],
    ['Storgatan 12,     411 38 Göteborg', '[adress]'],
    ['Jag bor på Storgatan\t12\n411  38 Göteborg', 'Jag bor på [adress]'],
    ['anna.lind     @     vgregion.se', '[e-post]'],
    ['mejla anna.lind     at     vgregion     dot     se', 'mejla [e-post]'],
  ])('redacts the address or e-mail in %j', (text, expected) => {
    expect(safeText(text)).toBe(expected);
  });

  it.each([
    ['Karin Lind  (f. 1950) undrar', '[namn]  (f. 1950) undrar'],
    ['Lindström  72 år undrar', '[namn]  72 år undrar'],
    ['Hej Karin  och  Per!', 'Hej [namn]!'],
    ['Mvh  Karin  Lind', 'Mvh  [namn]'],
    ['Karin Lindqvist\n(f. 1950)', '[namn]\n(f. 1950)'],
    ['Hej\nKarin!', 'Hej\n[namn]!'],
    ['Hälsningar\nKarin\nLindqvist', 'Hälsningar\n[namn]'],
    [
      'Vad är FVM?\n\nMvh\tKarin\nLindqvist\nSjuksköterska IVA\n\nSkickat från min iPhone',
      'Vad är FVM?\n\nMvh\t[namn]\n\nSkickat från min iPhone',
    ],
    ['Vad är Millennium för Lindqvist  72 år?', 'Vad är Millennium för [namn]  72 år?'],
  ])('redacts the name in %j and keeps the rest as written', (text, expected) => {
    expect(safeText(text)).toBe(expected);
  });

  it.each([
    ['Mitt namn är Karin Lindqvist', 'Mitt namn är [namn]'],
    ['Jag heter Karin Lindqvist och jobbar på IVA', 'Jag heter [namn] och jobbar på IVA'],
    ['Från: Karin Lindqvist\nÄmne: FVM', 'Från: [namn]\nÄmne: FVM'],
    ['Skickat av karin lindqvist', 'Skickat av [namn]'],
    ['Hej, Maria Holmgren här. Vad är FVM?', 'Hej, [namn] här. Vad är FVM?'],
    ['Vad är FVM?\n// Karin Lindqvist ssk IVA', 'Vad är FVM?\n// [namn]'],
    ['Vad är FVM? / Karin Lind, IVA Östra', 'Vad är FVM? / [namn]'],
  ])('redacts the name in the other gap %j', (text, expected) => {
    expect(safeText(text)).toBe(expected);
  });

  it.each([
    ['mejla anna.lind@vgregion', 'mejla [e-post]'],
    ['mejla anna.lind@vgregion. se', 'mejla [e-post]. se'],
    ['mejla anna.lind (snabel-a) vgregion.se', 'mejla [e-post]'],
    ['mejla anna.lind @ vgregion', 'mejla [e-post]'],
  ])('redacts the e-mail address in the other gap %j', (text, expected) => {
    expect(safeText(text)).toBe(expected);
  });

  it('redacts a phone number typed digit by digit whole, not its first five groups', () => {
    expect(safeText('ring 070 1 2 3 4 5 6 7')).toMatch(/^ring \[(telefon|personnummer)\]$/);
    // 0701234560 is no personnummer: only a phone number.
    expect(safeText('ring 070 1 2 3 4 5 6 0 tack')).toBe('ring [telefon] tack');
    expect(safeText('ring +46 7 0 1 2 3 4 5 6 0')).toBe('ring +[telefon]');
    // A number and other numbers after it: the number goes, the others stay.
    expect(safeText('ring 070-123 45 60 12 13 14')).toBe('ring [telefon] 12 13 14');
  });

  it('keeps the ordinary text those rules come near', () => {
    for (const text of [
      'Möte @ Sahlgrenska kl 14',
      'Hej @Karin, vad är FVM?',
      'look at this',
      'Frågor om IVA /anestesi och operation',
      'Jag heter inte det.',
      'Skickat från min iPhone',
      'En 74-årig man',
      'Hej servicedesk\n\nVad är FVM?',
      'Vad är FVM?  Och vad står VGR för?\n\nTack!',
      '0 1 2 3 4 5 6 7 8 9 10',
      'Tabell:\t2019\t2020\t2021',
      'Det står i kapitel 12\n\n411 sidor om det',
    ])
      expect(safeText(text)).toBe(text);
  });
});

describe('personal data in generated disguises (property)', () => {
  // `number`: the planted text is the only one with digits, and none of them may stay ("[telefon] 6 7").
  const inText = (generated: fc.Arbitrary<{ typed: string; secret: string[] }>, number = false) =>
    fc.property(words, generated, words, (before, { typed, secret }, after) => {
      const out = safeText([...before, typed, ...after].join(' '));
      for (const s of secret) expect(out, `${typed} -> ${out}`).not.toContain(s);
      expect(out).toMatch(/\[(personnummer|telefon|e-post|adress)\]/);
      if (number) expect(out, `${JSON.stringify(typed)} -> ${JSON.stringify(out)}`).not.toMatch(/\d/);
    });

  it('leaves nothing of a personnummer or samordningsnummer', () => {
    fc.assert(inText(disguisedPersonnummer, true), { numRuns: 1000, seed: 11 });
  });
  it('leaves nothing of a phone number', () => {
    fc.assert(inText(disguisedPhone, true), { numRuns: 1000, seed: 12 });
  });
  it('leaves nothing of an e-mail address', () => {
    fc.assert(inText(disguisedEmail), { numRuns: 300, seed: 13 });
  });
  it('leaves nothing of a street address with its postcode', () => {
    fc.assert(inText(address), { numRuns: 300, seed: 14 });
  });
  it('leaves nothing of a name the text marks as one, and keeps the sentences around it', () => {
    fc.assert(
      fc.property(words, markedName, words, (before, { typed, secret }, after) => {
        // The sentences around hold no greeting or thanks of their own ("hej ring" would greet someone).
        const plain = (ws: string[]) => ws.filter((w) => w !== 'hej' && w !== 'tack').join(' ');
        const head = `Vad är FVM? ${plain(before)}`;
        const tail = `Vem ansvarar ${plain(after)}`;
        const out = safeText(`${head}\n${typed}\n${tail}`);
        for (const s of secret) expect(out, `${JSON.stringify(typed)} -> ${JSON.stringify(out)}`).not.toContain(s);
        expect(out).toContain('[namn]');
        expect(out.startsWith(`${head}\n`) && out.endsWith(`\n${tail}`), JSON.stringify(out)).toBe(true);
      }),
      { numRuns: 1000, seed: 16 },
    );
  });
  it('is idempotent: redacting redacted text changes nothing', () => {
    fc.assert(
      fc.property(fc.oneof(disguisedPersonnummer, disguisedPhone, disguisedEmail, address, markedName), ({ typed }) => {
        const once = safeText(`Hej Karin! ${typed} /Karin`);
        expect(redact(once)).toBe(once);
      }),
      { numRuns: 300, seed: 15 },
    );
  });
});
