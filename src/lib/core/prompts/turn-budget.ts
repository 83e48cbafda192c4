/**
 * Turn-budget prompts ("More with Less", Peng & Gao, arXiv 2510.16786): a line telling the
 * model how many turns it has left, and the one line it may write to ask for more. The
 * request is a fixed phrase on a line of its own, outside any code block, so that a small
 * model can produce it and a plain regular expression can find it.
 */

/** The phrase a model writes, on its own line, to ask for more turns. */
const MORE_TURNS_PHRASE = 'NEED MORE TURNS';

/** How the reminder talks about extensions. */
export type ExtensionHint = 'none' | 'can-ask' | 'none-left';

const LAST_TURN = 'This is your last turn.';
const turnsLeft = (left: number | string) => `You have ${left} turns left, this one included.`;
const HINT_TEXT: Record<ExtensionHint, string> = {
  none: '',
  'can-ask': ` If you need more, add a line: ${MORE_TURNS_PHRASE}: <why>.`,
  'none-left': ' No more turns can be granted.'
};

/**
 * The reminder appended to a feedback prompt: the turns the model has left, counting the
 * reply it is about to write. Under a dynamic budget it also says how to ask for more.
 */
export function turnsLeftLine(left: number, hint: ExtensionHint): string {
  return (left <= 1 ? LAST_TURN : turnsLeft(left)) + HINT_TEXT[hint];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Finds every reminder {@link turnsLeftLine} can write, whatever the count and hint: built
 * from the same phrases, so the prompt view can mark the line without guessing.
 */
export function turnsLeftPattern(): RegExp {
  const count = `(?:${escapeRegExp(LAST_TURN)}|${escapeRegExp(turnsLeft('@')).replace('@', '\\d+')})`;
  const hints = Object.values(HINT_TEXT)
    .filter((h) => h !== '')
    .map(escapeRegExp);
  return new RegExp(`${count}(?:${hints.join('|')})?`, 'g');
}

const FENCED = /```[\s\S]*?(?:```|$)/g;
// Tolerates Markdown emphasis or a list marker before the phrase, and any letter case.
const REQUEST = /^[ \t>*_#-]*need more turns[*_ \t]*:[*_ \t]*(.*)$/im;
const REASON_MAX = 200;

/**
 * The model's request for more turns, if its reply makes one: the reason it gave (or a
 * placeholder), else null. Lines inside code blocks are code, not requests.
 */
export function turnRequest(reply: string): { reason: string } | null {
  const match = REQUEST.exec(reply.replace(FENCED, ''));
  if (!match) return null;
  const reason = match[1].replace(/[*_\s]+$/, '').trim();
  if (reason === '') return { reason: '(no reason given)' };
  return { reason: reason.length > REASON_MAX ? reason.slice(0, REASON_MAX - 1) + '…' : reason };
}
