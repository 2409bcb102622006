import { KeyboardEvent, useRef } from 'react';

/** Where an arrow key, Home or End moves the choice in a radio group of `count` (wrapping); null for other keys. */
export function radioStep(key: string, index: number, count: number): number | null {
  if (count === 0) return null;
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
      return (index + 1) % count;
    case 'ArrowLeft':
    case 'ArrowUp':
      return (index - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

/**
 * A row of buttons that is one radio group to the keyboard and to assistive technology (the WAI-ARIA radio group
 * pattern): Tab reaches the chosen one only, the arrow keys (and Home/End) move the choice and the focus.
 */
export function RadioGroup<T extends string>({
  label,
  options,
  value,
  onChange,
  text,
  className,
  describedBy,
}: {
  label: string;
  options: readonly T[];
  value: T;
  onChange: (value: T) => void;
  text: (value: T) => string;
  className?: string;
  describedBy?: { 'aria-describedby'?: string; 'aria-invalid'?: boolean };
}) {
  const buttons = useRef<Array<HTMLButtonElement | null>>([]);
  const chosen = Math.max(0, options.indexOf(value));
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const next = radioStep(e.key, chosen, options.length);
    if (next === null) return;
    e.preventDefault();
    onChange(options[next]);
    buttons.current[next]?.focus();
  };
  return (
    <div className={className} role="radiogroup" aria-label={label} onKeyDown={onKeyDown} {...describedBy}>
      {options.map((option, i) => (
        <button
          key={option}
          ref={(el) => {
            buttons.current[i] = el;
          }}
          type="button"
          role="radio"
          aria-checked={option === value}
          tabIndex={i === chosen ? 0 : -1}
          className={option === value ? 'on' : ''}
          onClick={() => onChange(option)}
        >
          {text(option)}
        </button>
      ))}
    </div>
  );
}
