import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../run/random';
import { parseArguments, parseLiteral, printValue, type PyValue } from '../../problems/literal';
import { growInputs, mutateArguments, mutateValue, MUTATION_LIMITS } from './mutate';

/** Every mutation of `text` seen over many seeds: operator → printed results. */
function outcomes(text: string, runs = 300): Map<string, Set<string>> {
  const value = parseLiteral(text);
  const seen = new Map<string, Set<string>>();
  for (let seed = 1; seed <= runs; seed++) {
    const result = mutateValue(value, seededRandom(seed));
    if (!result) continue;
    const set = seen.get(result.mutation.operator) ?? new Set<string>();
    set.add(printValue(result.value));
    seen.set(result.mutation.operator, set);
  }
  return seen;
}

const ops = (text: string) => [...outcomes(text).keys()].sort();

describe('type-aware mutation operators', () => {
  it('int: x + 1 and x − 1, nothing else', () => {
    const seen = outcomes('41');
    expect(ops('41')).toEqual(['int +1', 'int −1']);
    expect([...(seen.get('int +1') ?? [])]).toEqual(['42']);
    expect([...(seen.get('int −1') ?? [])]).toEqual(['40']);
  });

  it('float: a shift by U(−1, 1) and a scale by 1 + U(−½, ½), staying floats', () => {
    const seen = outcomes('10.0');
    expect(ops('10.0')).toEqual(['float + U(−1, 1)', 'float × (1 + U(−½, ½))']);
    for (const v of seen.get('float + U(−1, 1)') ?? []) {
      const x = Number(v);
      expect(x).toBeGreaterThanOrEqual(9);
      expect(x).toBeLessThanOrEqual(11);
    }
    const scaled = [...(seen.get('float × (1 + U(−½, ½))') ?? [])].map(Number);
    for (const x of scaled) {
      expect(x).toBeGreaterThanOrEqual(5);
      expect(x).toBeLessThanOrEqual(15);
    }
    expect(new Set(scaled).size).toBeGreaterThan(10);
    for (const set of seen.values())
      for (const v of set) expect(parseLiteral(v)).toMatchObject({ t: 'float' });
  });

  it('bool flips; None has no operator', () => {
    expect([...(outcomes('True').get('bool: flip') ?? [])]).toEqual(['False']);
    expect(mutateValue({ t: 'none' }, seededRandom(1))).toBeNull();
  });

  it('str: insert, replace, repeat and random, each doing what it says', () => {
    const seen = outcomes("'abc'");
    expect(ops("'abc'")).toEqual(['str: insert', 'str: random', 'str: repeat', 'str: replace']);
    const text = (v: string) => (parseLiteral(v) as { v: string }).v;
    for (const v of seen.get('str: insert') ?? []) expect(text(v)).toHaveLength(4);
    for (const v of seen.get('str: replace') ?? []) {
      const s = text(v);
      expect(s).toHaveLength(3);
      expect([...s].filter((c, i) => c !== 'abc'[i]).length).toBeLessThanOrEqual(1);
    }
    for (const v of seen.get('str: repeat') ?? []) {
      const s = text(v);
      expect(s.length).toBeGreaterThan(3);
      expect(s.startsWith('a') && s.endsWith('c')).toBe(true);
    }
    for (const v of seen.get('str: random') ?? []) expect(text(v).length).toBeLessThanOrEqual(8);
    // The empty string can only grow or be replaced by a random one.
    expect(ops("''")).toEqual(['str: insert', 'str: random']);
  });

  it('list: remove, insert, duplicate, and mutate in place (reported as the inner operator)', () => {
    const seen = outcomes('[1, 2, 3]', 400);
    expect(ops('[1, 2, 3]')).toEqual([
      'int +1',
      'int −1',
      'list: duplicate',
      'list: insert',
      'list: remove'
    ]);
    for (const v of seen.get('list: remove') ?? [])
      expect((parseLiteral(v) as { items: PyValue[] }).items).toHaveLength(2);
    for (const v of seen.get('list: duplicate') ?? [])
      expect(['[1, 1, 2, 3]', '[1, 2, 2, 3]', '[1, 2, 3, 3]']).toContain(v);
    for (const v of seen.get('list: insert') ?? [])
      expect((parseLiteral(v) as { items: PyValue[] }).items).toHaveLength(4);
    // An empty list has no item to copy, so nothing applies.
    expect(mutateValue(parseLiteral('[]'), seededRandom(1))).toBeNull();
  });

  it('tuple and set go through the list operators and keep their type; sets stay sets', () => {
    expect(ops('(1, 2)')).toContain('tuple: remove');
    for (const set of outcomes('(1, 2)').values())
      for (const v of set) expect(parseLiteral(v).t).toBe('tuple');
    expect(ops('{1, 2}')).not.toContain('set: duplicate');
    for (const set of outcomes('{1, 2}').values())
      for (const v of set) {
        const value = parseLiteral(v);
        expect(['set']).toContain(value.t);
      }
  });

  it('dict: remove, add a mutated key, mutate a value in place', () => {
    const seen = outcomes("{'a': 1, 'b': 2}", 400);
    expect(ops("{'a': 1, 'b': 2}")).toEqual(['dict: add', 'dict: remove', 'int +1', 'int −1']);
    for (const v of seen.get('dict: add') ?? [])
      expect((parseLiteral(v) as { entries: unknown[] }).entries).toHaveLength(3);
    for (const v of seen.get('dict: remove') ?? []) expect(["{'a': 1}", "{'b': 2}"]).toContain(v);
  });

  it('names where it acted, down into nested values', () => {
    const value = parseArguments("[[1]], {'k': 5}");
    const wheres = new Set<string>();
    for (let seed = 1; seed <= 200; seed++) {
      const result = mutateArguments(value, seededRandom(seed));
      if (result?.mutation.operator.startsWith('int')) wheres.add(result.mutation.at);
    }
    expect([...wheres].sort()).toEqual(['argument 1[0][0]', "argument 2['k']"]);
  });

  it('never grows a string or list past the limits', () => {
    const long = parseLiteral(`'${'x'.repeat(MUTATION_LIMITS.chars)}'`);
    expect(ops(printValue(long))).not.toContain('str: insert');
    const full = parseLiteral(`[${'0, '.repeat(MUTATION_LIMITS.items)}]`);
    expect(ops(printValue(full))).not.toContain('list: insert');
  });
});

describe('growInputs', () => {
  const seeds = ['[3, 1, 2]', "'ab', 2", '{1: 2.5}, True, None'].map((source) => ({
    source,
    args: parseArguments(source)
  }));

  it('is deterministic for a seed, and differs for another seed', () => {
    const a = growInputs(seeds, 12, seededRandom(7));
    const b = growInputs(seeds, 12, seededRandom(7));
    const c = growInputs(seeds, 12, seededRandom(8));
    expect(a).toEqual(b);
    expect(a.map((i) => i.source)).not.toEqual(c.map((i) => i.source));
  });

  it('makes distinct inputs, each one mutation away from its recorded parent', () => {
    const grown = growInputs(seeds, 12, seededRandom(3));
    expect(grown).toHaveLength(12);
    const all = [...seeds.map((s, i) => ({ id: i + 1, ...s })), ...grown];
    expect(new Set(all.map((i) => i.source)).size).toBe(all.length);
    for (const input of grown) {
      expect(input.parent).not.toBeNull();
      expect(input.parent as number).toBeLessThan(input.id);
      expect(input.mutation?.operator).toBeTruthy();
      const parent = all.find((p) => p.id === input.parent);
      // Same number of arguments, and only the argument named in `at` changed.
      expect(input.args).toHaveLength(parent?.args.length ?? -1);
      const changed = input.args.flatMap((a, i) =>
        printValue(a) !== printValue(parent?.args[i] as PyValue) ? [i + 1] : []
      );
      expect(changed).toHaveLength(1);
      expect(input.mutation?.at).toMatch(new RegExp(`^argument ${changed[0]}\\b`));
    }
    // Some mutants descend from mutants: chains, not only one step from a seed.
    expect(grown.some((i) => (i.parent as number) > seeds.length)).toBe(true);
  });

  it('stops with what it has when nothing can change', () => {
    const stuck = [{ source: 'None, []', args: parseArguments('None, []') }];
    expect(growInputs(stuck, 5, seededRandom(1))).toEqual([]);
  });
});
