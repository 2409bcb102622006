import { MouseEvent } from 'react';

/**
 * The Markdown export. A signed-in browser sends its cookie with a plain link; a token kept by the console (from
 * `?token=`) is not sent by a plain link, so the click fetches with it and saves the answer as a file.
 */
export function MarkdownLink({ id }: { id: string }) {
  const href = `/api/postmortems/${id}/markdown`;
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    const token = window.sessionStorage.getItem('vigil.token');
    if (!token) return;
    e.preventDefault();
    void fetch(href, { headers: { authorization: `Bearer ${token}` }, credentials: 'same-origin' }).then(
      async (res) => {
        if (!res.ok) return;
        const url = URL.createObjectURL(await res.blob());
        const a = document.createElement('a');
        a.href = url;
        a.download = `postmortem-${id}.md`;
        a.click();
        URL.revokeObjectURL(url);
      },
    );
  };
  return (
    <a href={href} onClick={onClick} download={`postmortem-${id}.md`} className="text-link" data-testid="pm-markdown">
      Download Markdown
    </a>
  );
}
