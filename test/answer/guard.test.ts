import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GUARD_READS, Guard } from '../../src/answer/guard';
import { safeTextCut } from '../../src/text/clean';
import { realEngine } from '../helpers';
import { longAddresses } from '../text/forms';

const guard = new Guard({
  clinical: ['dos', 'fasta', 'läkemedel', 'patienten har', 'behandling'],
  patient: { words: ['patienten', 'pat'], details: ['sal', 'kg'], names: ['anna'] },
  smalltalk: { greeting: ['hej', 'god morgon'], thanks: ['tack', 'tack så mycket'], help: ['hjälp', 'vad kan du'] },
});

describe('guard', () => {
  it('flags inflected and compound clinical words ("doserna", "maxdosen", "läkemedelslistan")', () => {
    for (const q of ['Vilka är doserna?', 'Vad är maxdosen?', 'Var finns läkemedelslistan?', 'Hur länge ska man fasta?']) {
      expect(guard.check(q)?.kind, q).toBe('clinical');
    }
  });

  it('flags a number with a dose unit', () => {
    expect(guard.check('Kan jag ge 5 mg?')?.kind).toBe('clinical');
    expect(guard.check('0,5mg/kg till barn?')?.kind).toBe('clinical');
  });

  it('flags patient phrases', () => {
    expect(guard.check('Patienten har feber, vad gör jag?')?.kind).toBe('clinical');
  });

  it('lets questions about the decision through', () => {
    expect(guard.check('Varför avstod VGR från optionerna?')).toBeNull();
    expect(guard.check('Vad betyder det för patienten om modulerna inte avropas?')).toBeNull();
  });

  it('recognises small talk only when the whole message is small talk', () => {
    expect(guard.check('Hej!')?.kind).toBe('greeting');
    expect(guard.check('tack så mycket')?.kind).toBe('thanks');
    expect(guard.check('hjälp')?.kind).toBe('help');
    expect(guard.check('Hej, vad är FVM?')).toBeNull();
  });

  it('treats empty and punctuation-only input as empty', () => {
    expect(guard.check('')?.kind).toBe('empty');
    expect(guard.check(' ?!… ')?.kind).toBe('empty');
  });
});

describe('the shipped guard (knowledge/guard.yaml)', () => {
  const real = realEngine().guard;

  it.each([
    'Patienten ligger på IVA. Hon är 67 år och ligger på sal 4. Vilket IT-stöd används på IVA idag?',
    'Pat. 19121212-1212 ligger på IVA. Vilka system använder intensiven idag?',
    'hur länge stannar patienten på uppvaket',
  ])('refuses a patient described over several sentences, or with a personnummer beside the patient word: %s', (q) => {
    expect(real.check(q)?.kind).toBe('clinical');
  });

  it("lets through a writer's own personnummer and phone number in one sentence and 'för patienten' in the next", () => {
    const q =
      'Hej! Det är Johan på IVA, mitt pnr är 19780415-4420 och jag nås på 070-174 06 22. Vem gjorde riskanalysen om vad det skulle innebära för patienten?';
    expect(real.check(q)).toBeNull();
  });

  it.each([
    'Hur fastar man inför narkos?',
    'hur länge ska hon fasta innan op',
    'ska barnet ha premed innan sövningen',
    'hur positionerar vi i bukläge på iva',
    'vad ska övervakas på uppvaket',
    'hur ofta monitorerar man saturationen',
  ])('refuses preparation and care questions: %s', (q) => {
    expect(real.check(q)?.kind).toBe('clinical');
  });

  it.each([
    'patienten i sal 4, vad gör jag',
    'min pat 82 år har ont',
    'hur mycket kan patienten Anna väga',
    'barnet på 12 kg, hur gör vi',
    'patientens rum 12 larmar',
  ])('refuses questions about a named or described patient: %s', (q) => {
    expect(real.check(q)?.kind).toBe('clinical');
  });

  it.each([
    'Gjorde chefläkargruppen en riskanalys om helheten runt patienten?',
    'Vad betyder beslutet för patienten?',
    'Varför avstod VGR från optionerna?',
    'När blev huvudavtalet klart hösten 2018?',
  ])('lets questions about the decision through: %s', (q) => {
    expect(real.check(q)).toBeNull();
  });

  it('never turns a clinical question non-clinical by adding harmless words before or after it (property)', () => {
    const clinical = [
      'Hur fastar man inför narkos?',
      'Vilken dos propofol?',
      'patienten i sal 4 har feber',
      'ska barnet ha premedicinering',
      'patienten Anna ska opereras',
      'Kan jag ge 5 mg morfin?',
    ];
    const harmless = fc.array(
      fc.constantFrom(
        'hej',
        'IVA',
        'Millennium',
        'VGR',
        'snälla',
        'tack',
        'undrar',
        'bara',
        'och',
        'FVM',
        'optionerna',
        'beslutet',
        '?',
        'ok',
      ),
      { maxLength: 8 },
    );
    fc.assert(
      fc.property(fc.constantFrom(...clinical), harmless, harmless, (q, before, after) => {
        expect(real.check([...before, q, ...after].join(' '))?.kind).toBe('clinical');
      }),
      { numRuns: 500 },
    );
  });
});

describe('the patient rule reads every way staff describe a patient', () => {
  const real = realEngine().guard;

  it.each([
    'pt Anna Svensson 45 år sal 3, kommer hennes journal finnas i Millennium?',
    'pt anna 45 år sal 3 vad händer med journalen',
    'vårdtagaren på sal 4 frågar om Millennium',
    'vårdtagaren Olle undrar var hans journal finns',
    'Patienterna på sal 3 och 4, får de samma system?',
    'patienterna i säng 2 och 5 ska flyttas, vilket IT-stöd gäller?',
    'brukaren 80 år frågar om Millennium',
    'patienten karin undrar om Millennium',
    'en patient som heter Karin, var hamnar hennes journal?',
    'Karin Lind (72) på IVA, var dokumenteras hon?',
    'Olle Berg, 67 år, ligger på IVA. Vilket journalsystem?',
    'anna 45 år på IVA, vilket journalsystem används?',
    'Anna på sal 3 undrar när Millennium kommer',
    'pati\u00adenten Anna ligger på IVA, vilket system?',
    'pati\u200benten Anna ligger på IVA, vilket system?',
    'PATIENTEN ANNA ligger på IVA',
    'mannen i säng 5, vilket system används?',
    'en 80-årig man på sal 3, hur dokumenterar jag i Millennium?',
    'kvinna 45 år på rum 4, vilken journal gäller?',
    'patienten Sten-Åke har journal i Melior',
  ])('holds as clinical: %s', (q) => {
    expect(real.check(q)?.kind).toBe('clinical');
    expect(real.describesPatient(q)).toBeTruthy();
  });

  it.each([
    'Vad betyder det för patienten om modulerna inte avropas?',
    'Hur påverkas patienterna av beslutet?',
    'Vad innebär beslutet för vårdtagarna?',
    'Hej! Anna här. Varför blev IVA-modulerna optioner?',
    'Jag heter Anna och jobbar på IVA, när kommer Millennium?',
    'Kommer Millennium om 2 år?',
    'Vad hände hösten 2021 med optionerna?',
    'Vi är 35 personer på IVA i Borås, vad gäller för oss?',
    'Varför valde Karin Lindqvists grupp att inte avropa? /Lena',
    // Found by review: numbers, groups and names that single no one out.
    'Vad händer med de 3 IVA-modulerna för patienterna?',
    'Beslutet fattades 21 juni, hur påverkas patienter?',
    'Vad betyder det för 35 vårdtagare?',
    'Får patienterna vänta längre än 2 veckor på det nya systemet?',
    'Vad innebär beslutet för patienter under 18 år?',
    'Gäller det patienter på avdelning 5?',
    'Will patients be affected by the 2 systems?',
    'Syns patienternas namn i Millennium?',
    'Patienterna kallas inte till något, eller hur?',
    'Påverkas patienterna på avdelningen av beslutet?',
    'Vad tycker patienterna? Fråga Erik på IT-avdelningen.',
    'Hej! Patienten påverkas inte. /Anna',
    'Millennium införs på 17 sjukhus, och patienterna får samma journal.',
    'Vad står det i Bilaga (3)?',
    'Vad tycker Sahlgrenska Universitetssjukhuset 10 år efter?',
  ])('lets through a text that names no particular patient: %s', (q) => {
    expect(real.check(q)).toBeNull();
  });

  const one = ['patienten', 'pat', 'pt', 'vårdtagaren', 'brukaren', 'patient', 'mannen'];
  const several = ['patienterna', 'vårdtagarna', 'patienter'];
  const oneDetails = ['45 år', '(72)', 'på sal 3', 'i säng 4', 'rum 12', '80 kg', 'Karin', 'anna', 'som heter Lisa'];
  const placeDetails = ['på sal 3', 'i säng 4', 'rum 12'];
  const invisible = ['', '\u00ad', '\u200b', '\u2060'];
  const around = fc.array(fc.constantFrom('hej', 'IVA', 'Millennium', 'undrar', 'journalen', 'idag', 'och', 'var'), { maxLength: 5 });

  it('holds generated patient descriptions, with invisible characters inside the patient word (property)', () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom(...one.map((w) => [w, oneDetails] as const), ...several.map((w) => [w, placeDetails] as const))
          .chain(([w, d]) => fc.tuple(fc.constant(w), fc.constantFrom(...d))),
        fc.constantFrom(...invisible),
        fc.integer({ min: 1, max: 3 }),
        around,
        around,
        ([word, detail], mark, at, before, after) => {
          const hidden = `${word.slice(0, at)}${mark}${word.slice(at)}`;
          const text = [...before, hidden, detail, ...after].join(' ');
          expect(real.check(text)?.kind, text).toBe('clinical');
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('the patient rule on long and disguised texts', () => {
  const shipped = realEngine().guard;

  it('reads a pasted note whole: a 5,000-character text naming the patient at its end is about a patient', () => {
    const note = `${'Anteckning om rutiner på avdelningen och hur vi arbetar med journalen. '.repeat(72)}Patienten Anna ligger kvar.`;
    expect(note.length).toBeGreaterThan(5_000);
    expect(note.length).toBeLessThan(GUARD_READS);
    expect(shipped.describesPatient(note)).toBeDefined();
    expect(realEngine().ask(note).kind).toBe('clinical');
  });

  it('stores only what it read: a patient sentence past its reach is neither read nor stored (found by the second security review)', () => {
    const sentence = 'Patienten Karin Lind 72 år på sal 3 har fått fel dos av noradrenalin, vad gör jag?';
    expect(shipped.check(sentence)?.kind).toBe('clinical');
    const text = longAddresses(31, sentence);
    expect(text.length).toBeGreaterThan(GUARD_READS);
    expect(shipped.check(text)?.kind).not.toBe('clinical');
    expect(realEngine().ask(text).kind).toBe('too_long');
    expect(safeTextCut(text, 500)).not.toMatch(/Patienten|Karin|sal 3|noradrenalin/);
  });

  it('finds the name after a patient word however the words are joined ("pt/Anna", "pt-och Anna")', () => {
    expect(shipped.describesPatient('Vad gäller för pt/Anna i journalen?')).toBe('pt + namn');
    expect(shipped.describesPatient(`${'pt/'.repeat(2_000)}pt Anna`)).toBe('pt + namn');
  });

  it('reads patient words and names written with Cyrillic look-alike letters (found by the security review)', () => {
    // "Pаtienten" and "Kаrin" with a Cyrillic "а": the cleaning path folds them before the rule reads them.
    expect(realEngine().ask('Pаtienten på sal 4 undrar över journalen').kind).toBe('clinical');
    expect(realEngine().ask('Kаrin på sal 4, var hittar jag hennes journal?').kind).toBe('clinical');
    expect(realEngine().ask('Patient 19650312\u28001234 ligger på IVA').kind).toBe('clinical');
  });
});
