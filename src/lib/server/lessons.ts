/**
 * Lessons from `lessons/NN-slug/`, bundled at build time and checked with the lesson schema.
 * Only server code imports this: the YAML parser and Markdown renderer stay off the client.
 */
import { Marked } from 'marked';
import { glossaryTerm } from '$lib/core/lessons/glossary';
import { parseLessons, type Lesson } from '$lib/core/lessons/load';

const raw = import.meta.glob('/lessons/*/*.{md,yaml}', {
  query: '?raw',
  import: 'default',
  eager: true
}) as Record<string, string>;

function sources() {
  const byFolder = new Map<string, Record<string, string>>();
  for (const [path, text] of Object.entries(raw)) {
    const [, , folder, file] = path.split('/');
    const files = byFolder.get(folder) ?? {};
    files[file] = text;
    byFolder.set(folder, files);
  }
  return [...byFolder].map(([folder, files]) => ({ folder, files }));
}

export const lessons: Lesson[] = parseLessons(sources());

export function lessonBySlug(slug: string): Lesson | undefined {
  return lessons.find((l) => l.slug === slug);
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Lesson Markdown with glossary links (`[pass@k](glossary:pass-at-k)`) rendered as a link to
 * the glossary page and the definition in a tooltip, shown on hover and on focus and read out
 * as the link's description. The lesson check has made sure every linked term exists.
 */
function lessonMarked(): Marked {
  let links = 0; // a term linked twice still gets ids of its own
  return new Marked({
    renderer: {
      link(token) {
        if (!token.href.startsWith('glossary:')) return false;
        const term = glossaryTerm(token.href.slice('glossary:'.length));
        if (!term) return false;
        const text = this.parser.parseInline(token.tokens);
        const tip = `gloss-${term.id}-${++links}`;
        return (
          `<span class="gloss"><a class="term" href="/glossary#${term.id}" ` +
          `aria-describedby="${tip}">${text}</a>` +
          `<span class="term-tip" role="tooltip" id="${tip}">` +
          `<strong>${escapeHtml(term.term)}</strong>: ${escapeHtml(term.definition)}</span></span>`
        );
      }
    }
  });
}

/** Lesson text as HTML. The text is the lesson author's, written in this repository. */
export function lessonHtml(lesson: Lesson): string {
  return lessonMarked().parse(lesson.body, { async: false });
}
