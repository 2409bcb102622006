/** @jest-environment jsdom */
import { render, screen } from '@testing-library/react';
import { SlaClock } from './SlaClock';

const now = new Date('2026-02-01T10:00:00.000Z');

describe('<SlaClock> in a DOM', () => {
  it('counts down while open', () => {
    render(<SlaClock label="acknowledge" deadline="2026-02-01T10:12:04.000Z" doneAt={null} now={now} testId="c" />);
    const cell = screen.getByTestId('c');
    expect(cell.textContent).toBe('acknowledge12m 04s left');
    expect(cell.className).toBe('clock sla-PENDING');
  });

  it('turns breached one second after the deadline', () => {
    render(<SlaClock label="resolve" deadline="2026-02-01T09:59:59.000Z" doneAt={null} now={now} testId="c" />);
    expect(screen.getByTestId('c').className).toBe('clock sla-BREACHED');
    expect(screen.getByTestId('c').textContent).toMatch(/BREACHED 1s ago/);
  });

  it('says met when done in time', () => {
    render(
      <SlaClock
        label="acknowledge"
        deadline="2026-02-01T10:05:00.000Z"
        doneAt="2026-02-01T10:04:59.000Z"
        now={now}
        testId="c"
      />,
    );
    expect(screen.getByTestId('c').textContent).toBe('acknowledgemet');
  });
});
