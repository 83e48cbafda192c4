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

/**
 * The reminder appended to a feedback prompt: the turns the model has left, counting the
 * reply it is about to write. Under a dynamic budget it also says how to ask for more.
 */
export function turnsLeftLine(left: number, hint: ExtensionHint): string {
  const count =
    left <= 1 ? 'This is your last turn.' : `You have ${left} turns left, this one included.`;
  switch (hint) {
    case 'none':
      return count;
    case 'can-ask':
      return `${count} If you need more, add a line: ${MORE_TURNS_PHRASE}: <why>.`;
    case 'none-left':
      return `${count} No more turns can be granted.`;
  }
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
