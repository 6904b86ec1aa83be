import { describe, expect, it } from 'vitest';
import { isValidTurkishIban, makeTurkishIban } from '../src/common/iban.ts';

describe('Turkish IBAN', () => {
  it('accepts a published valid IBAN', () => {
    expect(isValidTurkishIban('TR330006100519786457841326')).toBe(true);
  });

  it('builds the check digits of a known IBAN', () => {
    expect(makeTurkishIban('0006100519786457841326')).toBe('TR330006100519786457841326');
  });

  it('builds valid IBANs whatever the body, including check digits below 10', () => {
    const bodies = ['0001000000000000000000', '0006209457379597475746', '9999909999999999999999', '0004601234567890123456'];
    for (let i = 0; i < 200; i += 1) bodies.push(`00${String(10 + (i % 90))}10${String(i * 7919).padStart(16, '0')}`);
    for (const body of bodies) {
      const iban = makeTurkishIban(body);
      expect(iban).toMatch(/^TR\d{24}$/);
      expect(isValidTurkishIban(iban)).toBe(true);
    }
  });

  it.each([
    ['a wrong check digit', 'TR340006100519786457841326'],
    ['a changed account digit', 'TR330006100519786457841327'],
    ['two swapped digits', 'TR330006100519786457841362'],
    ['one digit short', 'TR33000610051978645784132'],
    ['one digit long', 'TR3300061005197864578413260'],
    ['another country', 'DE89370400440532013000'],
    ['lower case', 'tr330006100519786457841326'],
    ['spaces', 'TR33 0006 1005 1978 6457 8413 26'],
    ['letters in the body', 'TR33000610051978645784132A'],
    ['nothing', ''],
  ])('refuses %s', (_name, iban) => {
    expect(isValidTurkishIban(iban)).toBe(false);
  });

  it('refuses to build from a body that is not 22 digits', () => {
    expect(() => makeTurkishIban('123')).toThrow(/22 digits/);
    expect(() => makeTurkishIban('000610051978645784132X')).toThrow(/22 digits/);
  });
});
