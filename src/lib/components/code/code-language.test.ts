/**
 * The grammars behind the code views, and the switch that keeps a view's grammar in step with
 * its language: JavaScript's and TypeScript's parse what Python's does not, a load is done
 * once, and a switch asked for twice in a row ends on the last language asked for.
 */
import { describe, expect, it } from 'vitest';
import { indentUnit, Language as CodeMirrorLanguage } from '@codemirror/language';
import { EditorState, type Extension } from '@codemirror/state';
import { grammarFor } from './codemirror';
import { GrammarSwitch } from './code-language';

/** The node names a grammar gives a piece of code. */
async function nodesOf(language: 'python' | 'javascript' | 'typescript', code: string) {
  const grammar = await grammarFor(language);
  const lang = findLanguage(grammar);
  const names: string[] = [];
  lang.parser.parse(code).iterate({ enter: (node) => void names.push(node.name) });
  return names;
}

/** The Language inside a grammar: Python's LanguageSupport, or JavaScript's [language, indent]. */
function findLanguage(grammar: Extension): CodeMirrorLanguage {
  const parts = Array.isArray(grammar) ? grammar : [grammar];
  for (const part of parts) {
    if (part instanceof CodeMirrorLanguage) return part;
    const inner = (part as { language?: CodeMirrorLanguage }).language;
    if (inner) return inner;
  }
  throw new Error('no language in this grammar');
}

describe('grammarFor', () => {
  it('parses const and => as JavaScript declarations, which Python does not', async () => {
    const code = 'const twice = (x) => x * 2;';
    const js = await nodesOf('javascript', code);
    expect(js).toContain('VariableDeclaration');
    expect(js).toContain('ArrowFunction');
    expect(js).not.toContain('⚠');
    const py = await nodesOf('python', code);
    expect(py).not.toContain('VariableDeclaration');
    expect(py).toContain('⚠'); // not Python: the parser recovers around an error
  });

  it('reads TypeScript declarations only as TypeScript', async () => {
    const code = 'interface Point { x: number }\nenum Side { Left, Right }';
    const ts = await nodesOf('typescript', code);
    expect(ts).toContain('InterfaceDeclaration');
    expect(ts).toContain('EnumDeclaration');
    expect(ts).not.toContain('⚠');
    expect(await nodesOf('javascript', code)).not.toContain('InterfaceDeclaration');
  });

  it('indents JavaScript by two spaces, ahead of the editor’s four', async () => {
    const four = indentUnit.of('    ');
    const js = EditorState.create({ extensions: [await grammarFor('javascript'), four] });
    expect(js.facet(indentUnit)).toBe('  ');
    const py = EditorState.create({ extensions: [await grammarFor('python'), four] });
    expect(py.facet(indentUnit)).toBe('    ');
  });

  it('loads each grammar once', async () => {
    expect(await grammarFor('javascript')).toBe(await grammarFor('javascript'));
    expect(await grammarFor('typescript')).not.toBe(await grammarFor('javascript'));
  });
});

describe('GrammarSwitch', () => {
  it('swaps only when the language changes, and ends on the last one asked for', async () => {
    const swapped: Extension[] = [];
    const view = { regrammar: (grammar: Extension) => void swapped.push(grammar) };
    const grammar = new GrammarSwitch();
    grammar.follow('javascript', view); // before the view exists: nothing to do
    grammar.created('python');
    grammar.follow('python', view);
    grammar.follow('javascript', view);
    grammar.follow('typescript', view);
    await expect.poll(() => swapped.length).toBe(1);
    expect(swapped[0]).toBe(await grammarFor('typescript'));
  });
});
