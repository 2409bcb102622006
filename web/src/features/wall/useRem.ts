import { useEffect, useState } from 'react';

/** The root font size in px. The wall's rem follows the screen; chart text (SVG, sized in px) follows the rem. */
export function useRem(): number {
  const read = () => parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  const [rem, setRem] = useState(read);
  useEffect(() => {
    const on = () => setRem(read());
    window.addEventListener('resize', on);
    on();
    return () => window.removeEventListener('resize', on);
  }, []);
  return rem;
}
