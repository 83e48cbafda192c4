import { describe, expect, it } from 'vitest';
import {
  ScriptChoiceSchema,
  chooseCase,
  mentions,
  pathLength,
  scriptedReply,
  type ScriptChoice
} from './script-choice';

const byAnswer: ScriptChoice = {
  by: 'answer',
  cases: [
    {
      name: 'lower',
      when: ['lower', 'return 50'],
      example: 'the lower',
      expect: 'solved',
      responses: ['L']
    },
    {
      name: 'higher',
      when: ['higher'],
      example: 'the higher',
      expect: 'unsolved',
      responses: ['H1', 'H2']
    },
    { name: 'other', example: 'no idea', expect: 'unsolved', responses: ['O'] }
  ]
};
const byKnob: ScriptChoice = {
  by: 'param:feedback',
  cases: [
    { name: 'trace', when: 'trace', expect: 'solved', responses: ['T'] },
    { name: 'simple', when: 'simple', expect: 'unsolved', responses: ['S1', 'S2'] }
  ]
};

describe('mentions', () => {
  it('matches whole words and phrases in any case and spacing', () => {
    expect(mentions('The LOWER one, please', 'lower')).toBe(true);
    expect(mentions('f([50, 60]) should return  50.', 'return 50')).toBe(true);
    expect(mentions('should return 500', 'return 50')).toBe(false);
    expect(mentions('slower', 'lower')).toBe(false);
    expect(mentions('lower-case', 'lower')).toBe(true);
  });
  it('treats the words as text, never as a pattern', () => {
    expect(mentions('a.b', 'a.b')).toBe(true);
    expect(mentions('axb', 'a.b')).toBe(false);
  });
});

describe('chooseCase', () => {
  it('takes the first case whose words the latest answer mentions', () => {
    const pick = (answer: string) => chooseCase(byAnswer, { params: {}, answers: [answer] })?.name;
    expect(pick('I want the higher one')).toBe('higher');
    expect(pick('lower, not higher')).toBe('lower');
    expect(pick('middle_grade([50, 60]) should return 50.')).toBe('lower');
    expect(pick('whatever')).toBe('other');
  });
  it('takes the case for anything else before any answer', () => {
    expect(chooseCase(byAnswer, { params: {}, answers: [] })?.name).toBe('other');
  });
  it('takes the case of the knob’s value, or none when no case has it', () => {
    expect(chooseCase(byKnob, { params: { feedback: 'simple' }, answers: [] })?.name).toBe(
      'simple'
    );
    expect(chooseCase(byKnob, { params: { feedback: 'explanation' }, answers: [] })).toBeNull();
  });
});

describe('scriptedReply', () => {
  const script = { responses: ['A', 'B'], choose: byKnob };
  const simple = { params: { feedback: 'simple' }, answers: [] };
  it('gives the common replies, then the chosen case’s, then nothing', () => {
    expect([0, 1, 2, 3, 4].map((t) => scriptedReply(script, t, simple))).toEqual([
      'A',
      'B',
      'S1',
      'S2',
      undefined
    ]);
    expect(pathLength(script, byKnob.cases[1])).toBe(4);
  });
  it('without a choice, the replies end with the responses', () => {
    expect(scriptedReply({ responses: ['A'] }, 1, simple)).toBeUndefined();
  });
});

describe('ScriptChoiceSchema', () => {
  const issues = (value: unknown) => {
    const parsed = ScriptChoiceSchema.safeParse(value);
    return parsed.success
      ? []
      : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };
  it('accepts the choices above', () => {
    expect(issues(byAnswer)).toEqual([]);
    expect(issues(byKnob)).toEqual([]);
  });
  it('a choice by answer needs a last case for anything else', () => {
    expect(issues({ ...byAnswer, cases: byAnswer.cases.slice(0, 2) })).toEqual([
      'cases: a choice by answer needs a last case with no `when`, for any other answer'
    ]);
    expect(
      issues({ ...byAnswer, cases: [byAnswer.cases[2], ...byAnswer.cases.slice(0, 2)] })
    ).toEqual(['cases: the case for anything else (no `when`) must come last']);
  });
  it('each case by answer lists words and gives an example; by param, one value', () => {
    const { example: _dropped, ...noExample } = byAnswer.cases[0];
    void _dropped;
    expect(issues({ ...byAnswer, cases: [noExample, byAnswer.cases[2]] })).toEqual([
      'cases.0.example: by answer, each case gives an example answer that picks it'
    ]);
    expect(
      issues({ ...byKnob, cases: [{ ...byKnob.cases[0], when: ['trace'] }, byKnob.cases[1]] })
    ).toEqual(['cases.0.when: by param, `when` is one value of the knob']);
  });
  it('names what a choice is by', () => {
    expect(issues({ ...byKnob, by: 'params.feedback' })[0]).toMatch(/^by: /);
  });
});
