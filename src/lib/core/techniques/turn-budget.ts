/**
 * The turn budget shared by self-debugging and Reflexion ("More with Less", Peng & Gao,
 * arXiv 2510.16786). Fixed: the cap never moves, and every feedback prompt says how many
 * turns are left. Dynamic: the same reminder, and the model may ask for more turns with a
 * `NEED MORE TURNS: <why>` line; each request is granted (the cap grows) while extensions
 * remain, and refused after. Every decision is a `turn-budget` note, made when the request
 * is read, so the log shows it next to the reply that asked.
 */
import { z } from 'zod';
import type { RunContext } from '../run/context';
import { plural } from '../text';
import { turnRequest, turnsLeftLine, type ExtensionHint } from '../prompts/turn-budget';

/** The budget knobs, spread into a technique's params schema. */
export const budgetParams = {
  budget: z
    .enum(['fixed', 'dynamic'])
    .default('fixed')
    .describe(
      'fixed: the cap never moves; dynamic: the model may ask for more turns ' +
        '(a "NEED MORE TURNS: <why>" line) and is granted them while extensions remain'
    ),
  maxExtensions: z
    .number()
    .int()
    .min(0)
    .max(5)
    .default(1)
    .describe('dynamic budget: how many requests for more turns may be granted'),
  extensionTurns: z
    .number()
    .int()
    .min(1)
    .max(3)
    .default(1)
    .describe('dynamic budget: turns added by each granted request')
};

interface BudgetParams {
  budget: 'fixed' | 'dynamic';
  maxExtensions: number;
  extensionTurns: number;
}

export class TurnBudget {
  #cap: number;
  #granted = 0;

  /**
   * @param base the cap before any extension
   * @param noun what a turn is called in stop reasons: `turn` (self-debug), `iteration` (Reflexion)
   */
  constructor(
    private readonly params: BudgetParams,
    private readonly base: number,
    private readonly noun: 'turn' | 'iteration',
    private readonly ctx: RunContext
  ) {
    this.#cap = base;
  }

  get cap(): number {
    return this.#cap;
  }

  get extensionsLeft(): number {
    return this.params.budget === 'dynamic' ? this.params.maxExtensions - this.#granted : 0;
  }

  /** True when turn `turn` was the last one the budget allows. */
  spentAt(turn: number): boolean {
    return turn >= this.#cap;
  }

  /** Reads a request for more turns in a reply of turn `turn`, and notes the decision. */
  consider(reply: string, turn: number): void {
    const request = turnRequest(reply);
    if (!request) return;
    const refuse = (why: string) =>
      this.ctx.emit({
        type: 'turn-budget',
        turn,
        decision: 'refused',
        turns: 0,
        request: request.reason,
        cap: this.#cap,
        extensionsLeft: this.extensionsLeft,
        message: `refused: ${why}`
      });
    if (this.params.budget === 'fixed') return refuse('the budget is fixed');
    if (this.extensionsLeft <= 0) return refuse('no extensions left');
    this.#granted++;
    this.#cap += this.params.extensionTurns;
    this.ctx.emit({
      type: 'turn-budget',
      turn,
      decision: 'granted',
      turns: this.params.extensionTurns,
      request: request.reason,
      cap: this.#cap,
      extensionsLeft: this.extensionsLeft,
      message: `granted ${plural(this.params.extensionTurns, 'more turn')}: ${request.reason}`
    });
  }

  /** The reminder for the prompt after turn `turn`: the turns left for the replies to come. */
  reminder(turn: number): string {
    const hint: ExtensionHint =
      this.params.budget === 'fixed' ? 'none' : this.extensionsLeft > 0 ? 'can-ask' : 'none-left';
    return turnsLeftLine(this.#cap - turn, hint);
  }

  /** Why the run stops at the cap; unchanged from a plain cap when nothing was granted. */
  stopReason(): string {
    const extra = this.#cap - this.base;
    const how = this.#granted === 0 ? '' : `, ${this.base} + ${extra} granted`;
    return `the ${this.noun} cap (${this.#cap}${how}) is reached`;
  }
}
