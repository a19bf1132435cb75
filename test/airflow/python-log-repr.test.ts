import { pythonLogTexts } from '../../src/airflow/python-log-repr';

describe('pythonLogTexts', () => {
  it('reads the texts of several (host, text) tuples', () => {
    expect(pythonLogTexts(String.raw`[('w1', 'a\nb'), ("w2", "it's \"quoted\"\ttab")]`)).toEqual(['a\nb', 'it\'s "quoted"\ttab']);
  });

  it('reads hex, unicode and octal escapes', () => {
    expect(pythonLogTexts(String.raw`[('w', '\x41\u00e9\U0001f600\101\\')]`)).toEqual(['Aé😀A\\']);
  });

  it('reads an empty list as no texts', () => {
    expect(pythonLogTexts('[]')).toEqual([]);
  });

  it.each(['plain log text', "[('w', 'unterminated)]", "[('w', 'x')] trailing", "[('only-host')]"])(
    'gives undefined for %s, which is then used as plain text',
    (content) => {
      expect(pythonLogTexts(content)).toBeUndefined();
    },
  );
});
