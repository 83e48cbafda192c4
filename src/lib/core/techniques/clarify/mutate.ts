/**
 * Type-aware input mutation, after EvalPlus (Liu et al. 2023, arXiv 2305.01210): new test
 * inputs grown from a few seeds without another model call. Each operator keeps the type of
 * what it changes, so a mutant still fits the function's contract more often than a random
 * value would:
 *
 * - int: x + 1, x − 1;
 * - float: x + U(−1, 1), x · (1 + U(−½, ½)) (rounded to 3 decimals, so they stay readable);
 * - bool: the other value; None stays None (nothing to mutate);
 * - str: insert a character, replace one, repeat a slice, or a new random string;
 * - list, tuple, set: remove an item, insert a mutated copy of an item, duplicate an item, or
 *   mutate an item in place (tuple and set through a list);
 * - dict: remove an entry, add one (a mutated copy of a key), or mutate a value in place.
 *
 * All randomness comes from the `random` passed in (the run's seeded ctx.random), so a run
 * replays exactly. Every mutant records its parent input and the operator that made it.
 */
import { isHashable, printArguments, valueKey, type PyValue } from '../../problems/literal';

/** Sizes a mutant may not grow past (inputs stay readable in a matrix). */
export const MUTATION_LIMITS = { chars: 40, items: 12 } as const;

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.-_!?';

type Random = () => number;

/** One applied operator: its name and where in the arguments it acted. */
interface Mutation {
  /** e.g. "int +1", "str: insert", "list: remove" */
  operator: string;
  /** where, e.g. "argument 2", "argument 1[3]", "argument 1['key']" */
  at: string;
}

const pick = <T>(items: readonly T[], random: Random): T =>
  items[Math.floor(random() * items.length) % items.length];
const index = (n: number, random: Random) => Math.floor(random() * n) % n;
const randomChar = (random: Random) => pick([...ALPHABET], random);
const round3 = (x: number) => Math.round(x * 1000) / 1000;

type Result = { value: PyValue; mutation: Mutation } | null;
type Operator = { name: string; apply: (random: Random) => Result };

/** The item operators shared by list, tuple and set (tuple and set go through a list). */
function sequenceOperators(
  kind: 'list' | 'tuple' | 'set',
  items: PyValue[],
  at: string,
  wrap: (items: PyValue[]) => PyValue
): Operator[] {
  const ops: Operator[] = [];
  const done = (name: string, next: PyValue[]): Result => ({
    value: wrap(next),
    mutation: { operator: `${kind}: ${name}`, at }
  });
  if (items.length > 0) {
    ops.push({
      name: 'remove',
      apply: (random) => {
        const i = index(items.length, random);
        return done(
          'remove',
          items.filter((_, j) => j !== i)
        );
      }
    });
    ops.push({
      name: 'mutate item',
      apply: (random) => {
        const i = index(items.length, random);
        const inner = mutateValue(items[i], random, `${at}[${i}]`);
        if (!inner) return null;
        if (kind === 'set' && !isHashable(inner.value)) return null;
        return {
          value: wrap(items.map((x, j) => (j === i ? inner.value : x))),
          mutation: inner.mutation
        };
      }
    });
  }
  if (items.length > 0 && items.length < MUTATION_LIMITS.items) {
    ops.push({
      name: 'insert',
      apply: (random) => {
        const source = items[index(items.length, random)];
        const copy = mutateValue(source, random, at)?.value ?? source;
        const i = index(items.length + 1, random);
        return done('insert', [...items.slice(0, i), copy, ...items.slice(i)]);
      }
    });
    if (kind !== 'set') {
      ops.push({
        name: 'duplicate',
        apply: (random) => {
          const i = index(items.length, random);
          return done('duplicate', [...items.slice(0, i + 1), items[i], ...items.slice(i + 1)]);
        }
      });
    }
  }
  return ops;
}

function stringOperators(s: string, at: string): Operator[] {
  const chars = [...s];
  const done = (name: string, next: string): Result => ({
    value: { t: 'str', v: next },
    mutation: { operator: `str: ${name}`, at }
  });
  const ops: Operator[] = [
    {
      name: 'random',
      apply: (random) => {
        const length = index(9, random);
        return done('random', Array.from({ length }, () => randomChar(random)).join(''));
      }
    }
  ];
  if (chars.length < MUTATION_LIMITS.chars) {
    ops.push({
      name: 'insert',
      apply: (random) => {
        const i = index(chars.length + 1, random);
        return done(
          'insert',
          [...chars.slice(0, i), randomChar(random), ...chars.slice(i)].join('')
        );
      }
    });
  }
  if (chars.length > 0) {
    ops.push({
      name: 'replace',
      apply: (random) => {
        const i = index(chars.length, random);
        return done('replace', chars.map((c, j) => (j === i ? randomChar(random) : c)).join(''));
      }
    });
    ops.push({
      name: 'repeat',
      apply: (random) => {
        const i = index(chars.length, random);
        const j = i + 1 + index(chars.length - i, random);
        const slice = chars.slice(i, j);
        if (chars.length + slice.length > MUTATION_LIMITS.chars) return null;
        return done('repeat', [...chars.slice(0, j), ...slice, ...chars.slice(j)].join(''));
      }
    });
  }
  return ops;
}

function dictOperators(entries: [PyValue, PyValue][], at: string): Operator[] {
  if (entries.length === 0) return [];
  const done = (name: string, next: [PyValue, PyValue][]): Result => ({
    value: { t: 'dict', entries: next },
    mutation: { operator: `dict: ${name}`, at }
  });
  const ops: Operator[] = [
    {
      name: 'remove',
      apply: (random) => {
        const i = index(entries.length, random);
        return done(
          'remove',
          entries.filter((_, j) => j !== i)
        );
      }
    },
    {
      name: 'mutate value',
      apply: (random) => {
        const i = index(entries.length, random);
        const [key, value] = entries[i];
        const inner = mutateValue(value, random, `${at}[${printKey(key)}]`);
        if (!inner) return null;
        const next = entries.map((e, j): [PyValue, PyValue] => (j === i ? [key, inner.value] : e));
        return { value: { t: 'dict', entries: next }, mutation: inner.mutation };
      }
    }
  ];
  if (entries.length < MUTATION_LIMITS.items) {
    ops.push({
      name: 'add',
      apply: (random) => {
        const [key, value] = entries[index(entries.length, random)];
        const newKey = mutateValue(key, random, at)?.value;
        if (!newKey || !isHashable(newKey)) return null;
        if (entries.some(([k]) => valueKey(k) === valueKey(newKey))) return null;
        return done('add', [...entries, [newKey, value]]);
      }
    });
  }
  return ops;
}

function printKey(key: PyValue): string {
  return key.t === 'str' ? `'${key.v}'` : key.t === 'int' ? String(key.v) : '…';
}

/** The operators that apply to a value (none for None, an empty list or dict). */
function operatorsFor(value: PyValue, at: string): Operator[] {
  const done = (operator: string, next: PyValue): Result => ({
    value: next,
    mutation: { operator, at }
  });
  switch (value.t) {
    case 'int':
      return [
        { name: '+1', apply: () => done('int +1', { t: 'int', v: value.v + 1n }) },
        { name: '-1', apply: () => done('int −1', { t: 'int', v: value.v - 1n }) }
      ];
    case 'float':
      return [
        {
          name: 'shift',
          apply: (random) =>
            done('float + U(−1, 1)', { t: 'float', v: round3(value.v + (random() * 2 - 1)) })
        },
        {
          name: 'scale',
          apply: (random) =>
            done('float × (1 + U(−½, ½))', {
              t: 'float',
              v: round3(value.v * (1 + (random() - 0.5)))
            })
        }
      ];
    case 'bool':
      return [{ name: 'flip', apply: () => done('bool: flip', { t: 'bool', v: !value.v }) }];
    case 'none':
      return [];
    case 'str':
      return stringOperators(value.v, at);
    case 'list':
      return sequenceOperators('list', value.items, at, (items) => ({ t: 'list', items }));
    case 'tuple':
      return sequenceOperators('tuple', value.items, at, (items) => ({ t: 'tuple', items }));
    case 'set':
      return sequenceOperators('set', value.items, at, (items) => ({
        t: 'set',
        items: items.filter((x, i) => items.findIndex((y) => valueKey(y) === valueKey(x)) === i)
      }));
    case 'dict':
      return dictOperators(value.entries, at);
  }
}

/** One random type-aware mutation of a value, or null when nothing applies. */
export function mutateValue(value: PyValue, random: Random, at = 'value'): Result {
  const ops = operatorsFor(value, at);
  if (ops.length === 0) return null;
  return pick(ops, random).apply(random);
}

/** One mutation of one randomly chosen argument, or null when no argument can change. */
export function mutateArguments(
  args: readonly PyValue[],
  random: Random
): { args: PyValue[]; mutation: Mutation } | null {
  const mutable = args.flatMap((a, i) => (operatorsFor(a, '').length > 0 ? [i] : []));
  if (mutable.length === 0) return null;
  const i = pick(mutable, random);
  const result = mutateValue(args[i], random, `argument ${i + 1}`);
  if (!result) return null;
  return { args: args.map((a, j) => (j === i ? result.value : a)), mutation: result.mutation };
}

/** A test input: the call's arguments as values and as Python source, and where it came from. */
export interface GrownInput {
  /** 1-based, in the order inputs were made */
  id: number;
  source: string;
  args: PyValue[];
  /** null for a seed from the model; else the input it was mutated from and how */
  parent: number | null;
  mutation: Mutation | null;
}

/**
 * Grows `count` new inputs from the seeds: each mutant is one mutation of an input already in
 * the pool (a seed or an earlier mutant), so chains of mutations arise. Duplicates are skipped;
 * after `count × 20` attempts it stops with what it has.
 */
export function growInputs(
  seeds: readonly { source: string; args: PyValue[] }[],
  count: number,
  random: Random
): GrownInput[] {
  const pool: GrownInput[] = seeds.map((s, i) => ({
    id: i + 1,
    source: s.source,
    args: s.args,
    parent: null,
    mutation: null
  }));
  const seen = new Set(pool.map((p) => printArguments(p.args)));
  const made: GrownInput[] = [];
  for (let attempt = 0; attempt < count * 20 && made.length < count && pool.length; attempt++) {
    const parent = pick(pool, random);
    const child = mutateArguments(parent.args, random);
    if (!child) continue;
    const source = printArguments(child.args);
    if (seen.has(source)) continue;
    seen.add(source);
    const input: GrownInput = {
      id: pool.length + 1,
      source,
      args: child.args,
      parent: parent.id,
      mutation: child.mutation
    };
    pool.push(input);
    made.push(input);
  }
  return made;
}
