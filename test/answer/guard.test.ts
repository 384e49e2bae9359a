import { describe, expect, it } from 'vitest';
import { Guard } from '../../src/answer/guard';

const guard = new Guard({
  clinical: ['dos', 'fasta', 'läkemedel', 'patienten har', 'behandling'],
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
