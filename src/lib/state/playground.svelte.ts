/**
 * The playground's setup: the draft problem, the technique and its knobs, and which model
 * answers. Kept in this browser (see playground-store.ts) and checked before a run: the run is
 * built only from a problem and params that their schemas accept.
 */
import { checkDraft, EMPTY_DRAFT, type Draft } from '$lib/core/playground/draft';
import { checkKnobs, knobsOf, restoreValues, type KnobValues } from '$lib/core/playground/knobs';
import { referenceEcho } from '$lib/core/playground/reference-model';
import { languageMisfit } from '$lib/core/playground/language-fit';
import { LOG_VERSION } from '$lib/core/run/events';
import type { ModelSpec, Run } from '$lib/core/run/run';
import { getTechnique, type AnyTechnique } from '$lib/core/techniques/registry';
import {
  SETUP_KEY,
  load,
  parseSetup,
  store,
  type PlaygroundStorage,
  type Setup
} from './playground-store';

export type ModelChoice = Setup['model'];

const DEFAULT_TECHNIQUE = 'self-debug';

export type Planned =
  | { ok: true; run: Run }
  | {
      ok: false;
      /** one sentence for the top of the form */
      summary: string;
      /** the field id to focus first */
      first: string | null;
    };

export class PlaygroundSetup {
  draft = $state<Draft>({ ...EMPTY_DRAFT });
  technique = $state(DEFAULT_TECHNIQUE);
  /** knob values by technique id */
  values = $state<Record<string, KnobValues>>({});
  model = $state<ModelChoice>('live');
  /** a run was asked for: from now on, fields show their errors */
  attempted = $state(false);

  readonly #storage: PlaygroundStorage | null;

  readonly chosen = $derived<AnyTechnique>(
    getTechnique(this.technique) ?? (getTechnique(DEFAULT_TECHNIQUE) as AnyTechnique)
  );
  readonly knobs = $derived(knobsOf(this.chosen.params));
  readonly current = $derived(this.values[this.technique] ?? restoreValues(this.knobs, {}));
  readonly problem = $derived(checkDraft(this.draft));
  readonly params = $derived(checkKnobs(this.chosen.params, this.knobs, this.current));
  /** why the chosen technique cannot run a problem in the draft's language, or null */
  readonly misfit = $derived(languageMisfit(this.technique, this.draft.language));
  readonly echo = $derived(
    this.problem.ok ? referenceEcho(this.problem.problem, this.technique) : null
  );

  constructor(storage: PlaygroundStorage | null) {
    this.#storage = storage;
    const saved = parseSetup(load(storage, SETUP_KEY));
    if (saved) {
      this.draft = saved.draft;
      this.technique = getTechnique(saved.technique) ? saved.technique : DEFAULT_TECHNIQUE;
      this.values = saved.values;
      this.model = saved.model;
    }
    this.choose(this.technique);
  }

  /** Switch technique; its knobs come back as last set, or at their defaults. */
  choose(id: string): void {
    const technique = getTechnique(id);
    if (!technique) return;
    this.technique = id;
    this.values[id] = restoreValues(knobsOf(technique.params), this.values[id] ?? {});
  }

  setKnob(key: string, value: unknown): void {
    this.values[this.technique] = { ...this.current, [key]: value };
  }

  resetKnobs(): void {
    this.values[this.technique] = restoreValues(this.knobs, {});
  }

  save(): void {
    const setup: Setup = {
      version: 1,
      draft: $state.snapshot(this.draft),
      technique: this.technique,
      values: $state.snapshot(this.values),
      model: this.model
    };
    store(this.#storage, SETUP_KEY, setup);
  }

  /** The run to start with `live` as the learner's model (null when none is set up). */
  plan(live: ModelSpec | null): Planned {
    this.attempted = true;
    const fields = this.problem.ok ? [] : Object.keys(this.problem.errors);
    const knobs = this.params.ok ? [] : Object.keys(this.params.errors);
    const count = fields.length + knobs.length;
    if (!this.problem.ok || !this.params.ok) {
      return {
        ok: false,
        summary: `Fix the ${count === 1 ? 'field' : `${count} fields`} marked below, then run again.`,
        first: fields.length > 0 ? `problem-${fields[0]}` : `knob-${knobs[0]}`
      };
    }
    if (this.misfit) return { ok: false, summary: this.misfit, first: 'technique' };
    let model: ModelSpec;
    if (this.model === 'live') {
      if (!live) {
        return {
          ok: false,
          summary: 'No model is set up yet: set one up on the Models page, or choose the demo.',
          first: 'model-choice'
        };
      }
      model = live;
    } else {
      if (!this.echo?.ok)
        return { ok: false, summary: this.echo?.reason ?? 'The demo cannot run.', first: null };
      model = this.echo.model;
    }
    return {
      ok: true,
      run: {
        version: LOG_VERSION,
        technique: this.technique,
        params: this.params.params,
        problem: this.problem.problem,
        model,
        seed: 1,
        events: []
      }
    };
  }
}
