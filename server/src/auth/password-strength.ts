import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary as commonWords } from '@zxcvbn-ts/language-common';
import { dictionary as englishWords, translations } from '@zxcvbn-ts/language-en';
import { EstimateStrength } from '@vigil/shared';

/**
 * zxcvbn's estimate (common passwords, dictionary words, keyboard walks, repeats, dates, the person's own words),
 * with its English messages. Built on first use: the dictionaries take ~150 ms to load.
 * The check runs on the event loop, so its worst case is bounded: measured here, 200 random characters took 1.6 s
 * with the defaults and at most ~60 ms with these. Only the first 64 characters are analysed (a password whose first
 * 64 are hard to guess is); l33t substitutions are capped at 10 ("p4ssw0rd1234" is still caught); Levenshtein
 * matching is off (~300 ms a check, for little the dictionary, l33t and reversed-word matchers miss).
 */
export class PasswordStrength {
  /** Built on first use, then kept by this instance (one per AuthService, so per server). */
  private zxcvbn: ZxcvbnFactory | null = null;

  readonly estimate: EstimateStrength = (password, personalWords) => {
    this.zxcvbn ??= new ZxcvbnFactory({
      translations,
      graphs: adjacencyGraphs,
      dictionary: { ...commonWords, ...englishWords },
      useLevenshteinDistance: false,
      maxLength: 64,
      l33tMaxSubstitutions: 10,
    });
    const result = this.zxcvbn.check(password, [...personalWords]);
    return { score: result.score, warning: result.feedback.warning, suggestions: result.feedback.suggestions };
  };
}
