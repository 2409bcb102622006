import {
  EstimateStrength,
  StrengthEstimate,
  assertAcceptablePassword,
  passwordProblem,
  personalWords,
} from './passwords';

/** A fixed estimator: what zxcvbn would answer for these inputs (the server test runs the real one). */
const answers: Record<string, StrengthEstimate> = {
  password1234: {
    score: 1,
    warning: 'This is similar to a commonly used password.',
    suggestions: ['Add more words that are less common.'],
  },
  aaaaaaaaaaaaaaaa: {
    score: 0,
    warning: 'Repeated characters like "aaa" are easy to guess.',
    suggestions: ['Avoid repeated words and characters.'],
  },
  'quiet-quiet-quiet': { score: 2, warning: null, suggestions: [] },
};
const seen: Array<readonly string[]> = [];
const estimate: EstimateStrength = (password, words) => {
  seen.push(words);
  return answers[password] ?? { score: 4, warning: null, suggestions: [] };
};
const owner = { email: 'Cleo.Moreau@example.com', name: 'Cleo Moreau' };

describe('password rules', () => {
  it.each([
    ['12 characters, strong', 'Tidal-Lantern', null],
    ['11 characters', 'Tidal-Lante', /at least 12 characters \(it has 11\)/],
    ['12 emoji count as 12 characters, not 24', '🦊🐙🦉🐝🦀🐢🦔🐳🦩🐞🦜🐌', null],
    ['200 characters', 'x'.repeat(199) + 'y', null],
    ['201 characters', 'x'.repeat(201), /at most 200 characters \(it has 201\)/],
    ['the email itself, any case', 'cleo.moreau@EXAMPLE.com', /must not contain your email address/],
    ['the email with more around it', '2026cleo.moreau@example.com!', /must not contain your email address/],
    ['the part before @', 'xx-Cleo.Moreau-xx', /must not contain your email address/],
    [
      "a common password, with the estimator's reason",
      'password1234',
      /too easy to guess \(strength 1 of 4, at least 3 needed\)\. This is similar to a commonly used password\. Add more words/,
    ],
    ['repeated characters', 'aaaaaaaaaaaaaaaa', /Repeated characters like "aaa"/],
    [
      'weak with no reason given still says the score',
      'quiet-quiet-quiet',
      /too easy to guess \(strength 2 of 4, at least 3 needed\)\.$/,
    ],
  ])('%s', (_label, password, expected) => {
    const problem = passwordProblem('newPassword', password, owner, estimate);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
    if (expected !== null) expect(problem).toMatch(/^newPassword /);
  });

  it('refuses what is not text', () => {
    expect(passwordProblem('password', 12345678901234, owner, estimate)).toBe('password must be text.');
  });

  it("tells the estimator the owner's own words", () => {
    expect(personalWords(owner)).toEqual(['cleo.moreau@example.com', 'cleo.moreau', 'cleo', 'moreau']);
    expect(personalWords({ email: 'al@x.io' })).toEqual(['al@x.io']);
    passwordProblem('newPassword', 'Tidal-Lantern', owner, estimate);
    expect(seen[seen.length - 1]).toEqual(personalWords(owner));
  });

  it('throws VALIDATION naming the field', () => {
    expect(() => assertAcceptablePassword('newPassword', 'password1234', owner, estimate)).toThrow(
      expect.objectContaining({ code: 'VALIDATION', field: 'newPassword' }),
    );
    expect(() => assertAcceptablePassword('newPassword', 'Tidal-Lantern', owner, estimate)).not.toThrow();
  });
});
