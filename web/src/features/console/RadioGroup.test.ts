import { radioStep } from './RadioGroup';

describe('radioStep: where a key moves the choice in a radio group', () => {
  it.each([
    ['ArrowRight', 0, 4, 1],
    ['ArrowDown', 2, 4, 3],
    ['ArrowRight', 3, 4, 0], // wraps to the first
    ['ArrowLeft', 0, 4, 3], // wraps to the last
    ['ArrowUp', 2, 4, 1],
    ['Home', 2, 4, 0],
    ['End', 1, 4, 3],
    ['ArrowRight', 0, 1, 0], // one option: stays
    ['Tab', 1, 4, null], // not ours: the browser moves focus out of the group
    ['Enter', 1, 4, null],
    ['ArrowRight', 0, 0, null], // no options
  ])('%s from %i of %i → %p', (key, index, count, expected) => {
    expect(radioStep(key, index, count)).toBe(expected);
  });
});
