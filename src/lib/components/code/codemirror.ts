/**
 * CodeMirror 6 setup, imported lazily by the code components so the editor never weighs on
 * the first page load. Colours come from the app's CSS variables, so light and dark themes
 * and the projector mode restyle the editor without a second theme. Python's grammar comes with
 * this module; JavaScript's (and TypeScript's) loads on first need (`grammarFor`).
 */
import {
  Compartment,
  EditorState,
  StateEffect,
  StateField,
  type Extension
} from '@codemirror/state';
import {
  Decoration,
  EditorView,
  lineNumbers,
  highlightActiveLine,
  keymap,
  type DecorationSet
} from '@codemirror/view';
import { HighlightStyle, syntaxHighlighting, indentUnit } from '@codemirror/language';
import { python } from '@codemirror/lang-python';
import { unifiedMergeView } from '@codemirror/merge';
import { tags } from '@lezer/highlight';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import type { Language } from '$lib/core/problems/languages';

const loaded = new Map<Language, Promise<Extension>>();

/**
 * The grammar of a language, loaded once. It never rejects: if the JavaScript grammar cannot be
 * loaded (the chunk is unreachable), the code shows without colours and a later call tries again.
 */
export function grammarFor(language: Language = 'python'): Promise<Extension> {
  if (language === 'python') return Promise.resolve(python());
  let grammar = loaded.get(language);
  if (!grammar) {
    // The grammar alone (no completions or snippets): these views highlight, they do not assist.
    // Two-space indents, as the lessons' JavaScript is written (it wins over base's four).
    grammar = import('@codemirror/lang-javascript').then(
      ({ javascriptLanguage, typescriptLanguage }) => [
        language === 'typescript' ? typescriptLanguage : javascriptLanguage,
        indentUnit.of('  ')
      ]
    );
    loaded.set(language, grammar);
    grammar.catch(() => loaded.delete(language));
  }
  return grammar.catch(() => []);
}

/** A swappable grammar for one editor: the language of what it shows can change. */
function grammarSlot(initial: Extension) {
  const slot = new Compartment();
  return {
    extension: slot.of(initial),
    swap: (view: EditorView, grammar: Extension) =>
      view.dispatch({ effects: slot.reconfigure(grammar) })
  };
}

const highlight = HighlightStyle.define([
  { tag: tags.keyword, color: 'var(--code-keyword)' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--code-string)' },
  { tag: [tags.number, tags.bool, tags.null], color: 'var(--code-number)' },
  { tag: tags.comment, color: 'var(--code-comment)', fontStyle: 'italic' },
  {
    tag: [tags.function(tags.variableName), tags.definition(tags.variableName)],
    color: 'var(--code-function)'
  },
  { tag: tags.operator, color: 'var(--code-operator)' }
]);

const theme = EditorView.theme({
  '&': { backgroundColor: 'var(--code-bg)', color: 'var(--code-fg)', fontSize: 'var(--code-size)' },
  '.cm-content': { fontFamily: 'var(--mono)', caretColor: 'var(--code-fg)' },
  '.cm-gutters': { backgroundColor: 'var(--code-bg)', color: 'var(--muted)', border: 'none' },
  '.cm-activeLine': { backgroundColor: 'transparent' },
  '&.cm-focused': { outline: '2px solid var(--focus)' },
  '.cm-marked-line': {
    backgroundColor: 'var(--mark-bg) !important',
    boxShadow: 'inset 3px 0 0 var(--accent)'
  },
  '.cm-step-line': {
    backgroundColor: 'color-mix(in srgb, var(--accent) 22%, var(--code-bg)) !important',
    boxShadow: 'inset 4px 0 0 var(--accent)'
  },
  '.cm-pointed-line': { outline: '1px dashed var(--focus)', outlineOffset: '-1px' },
  '.cm-changedLine': { backgroundColor: 'var(--diff-add-bg) !important' },
  '.cm-changedText': { background: 'var(--diff-add-strong) !important' },
  '.cm-deletedChunk': { backgroundColor: 'var(--diff-del-bg) !important' },
  '.cm-deletedChunk .cm-deletedText': { background: 'var(--diff-del-strong) !important' },
  '.cm-insertedLine': { backgroundColor: 'var(--diff-add-bg) !important' },
  '.cm-deletedLine': { backgroundColor: 'var(--diff-del-bg) !important' }
});

function base(readOnly: boolean, grammar: Extension): Extension[] {
  return [
    lineNumbers(),
    grammar,
    syntaxHighlighting(highlight),
    indentUnit.of('    '),
    theme,
    EditorView.lineWrapping,
    EditorState.readOnly.of(readOnly),
    EditorView.editable.of(!readOnly),
    readOnly
      ? []
      : [
          history(),
          highlightActiveLine(),
          keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab])
        ]
  ];
}

/**
 * A set of lines drawn with one class: a trace's current line or an error's line, the lines
 * of a plan step, the line the keyboard points at. Lines outside the text are left out.
 */
function lineSet(className: string) {
  const set = StateEffect.define<number[]>();
  const field = StateField.define<DecorationSet>({
    create: () => Decoration.none,
    update(lines, tr) {
      lines = lines.map(tr.changes);
      for (const effect of tr.effects) {
        if (!effect.is(set)) continue;
        const doc = tr.state.doc;
        const wanted = [...new Set(effect.value)].filter((n) => n >= 1 && n <= doc.lines);
        lines = Decoration.set(
          wanted.map((n) => Decoration.line({ class: className }).range(doc.line(n).from)),
          true
        );
      }
      return lines;
    },
    provide: (f) => EditorView.decorations.from(f)
  });
  return { set, field };
}

/** Line numbers covered by 1-based inclusive ranges. */
export function linesIn(ranges: readonly { from: number; to: number }[]): number[] {
  return ranges.flatMap((r) => Array.from({ length: r.to - r.from + 1 }, (_, i) => r.from + i));
}

/**
 * Reports the line under the mouse, and lets the keyboard point at lines: when the code has
 * focus, ↑ and ↓ move a dashed outline line by line and Escape lets go. `report(null)` when
 * the pointer leaves or focus moves away.
 */
function linePointer(report: (line: number | null) => void, pointed: ReturnType<typeof lineSet>) {
  let hovered: number | null = null;
  let keyed: number | null = null;
  const tell = (line: number | null) => {
    if (line === hovered) return;
    hovered = line;
    report(line);
  };
  const key = (view: EditorView, line: number | null) => {
    keyed = line;
    view.dispatch({ effects: pointed.set.of(line === null ? [] : [line]) });
    if (line !== null) {
      const from = view.state.doc.line(line).from;
      view.dispatch({ effects: EditorView.scrollIntoView(from, { y: 'nearest' }) });
    }
    tell(line);
  };
  return [
    pointed.field,
    EditorView.contentAttributes.of({ tabindex: '0' }),
    EditorView.domEventHandlers({
      mousemove(event, view) {
        const block = view.lineBlockAtHeight(event.clientY - view.documentTop);
        const inside = event.clientY - view.documentTop <= view.contentHeight;
        tell(inside ? view.state.doc.lineAt(block.from).number : null);
      },
      mouseleave: () => tell(keyed),
      blur: (_event, view) => key(view, null),
      keydown(event, view) {
        const last = view.state.doc.lines;
        const moves: Record<string, () => number | null> = {
          ArrowDown: () => Math.min(last, (keyed ?? 0) + 1),
          ArrowUp: () => Math.max(1, (keyed ?? 2) - 1),
          Escape: () => null
        };
        const move = moves[event.key];
        if (!move || event.altKey || event.ctrlKey || event.metaKey) return false;
        event.preventDefault();
        key(view, move());
        return true;
      }
    })
  ];
}

export interface CodeViewer {
  set(doc: string): void;
  /**
   * highlight line n (1-based) and, with `scroll`, scroll it into view (which scrolls the page
   * and every scrolling box around the editor too); 0 clears
   */
  mark(line: number, scroll?: boolean): void;
  /** tint these lines (e.g. the lines of one plan step); [] clears */
  highlight(lines: number[]): void;
  /** rename it for screen readers (the program shown changes as the run is stepped) */
  relabel(label: string): void;
  /** highlight with another language's grammar (from `grammarFor`) */
  regrammar(grammar: Extension): void;
  destroy(): void;
}

export interface ViewerOptions {
  /** called with the line under the pointer or the keyboard (1-based), null when none */
  onLineHover?: (line: number | null) => void;
  /** the grammar to highlight with (from `grammarFor`); Python's when not given */
  grammar?: Extension;
}

/** A read-only code viewer. `label` names it for screen readers. */
export function createViewer(
  parent: HTMLElement,
  doc: string,
  label: string,
  options: ViewerOptions = {}
): CodeViewer {
  const marked = lineSet('cm-marked-line');
  const tinted = lineSet('cm-step-line');
  const pointer = options.onLineHover
    ? linePointer(options.onLineHover, lineSet('cm-pointed-line'))
    : [];
  const name = new Compartment();
  const named = (text: string) => EditorView.contentAttributes.of({ 'aria-label': text });
  const grammar = grammarSlot(options.grammar ?? python());
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        base(true, grammar.extension),
        marked.field,
        tinted.field,
        pointer,
        name.of(named(label))
      ]
    })
  });
  return {
    regrammar: (next) => grammar.swap(view, next),
    relabel(next) {
      view.dispatch({ effects: name.reconfigure(named(next)) });
    },
    highlight(lines) {
      view.dispatch({ effects: tinted.set.of(lines) });
    },
    mark(line, scroll = true) {
      const effects: StateEffect<unknown>[] = [marked.set.of([line])];
      if (scroll && line >= 1 && line <= view.state.doc.lines) {
        effects.push(EditorView.scrollIntoView(view.state.doc.line(line).from, { y: 'nearest' }));
      }
      view.dispatch({ effects });
    },
    set(next) {
      if (next !== view.state.doc.toString()) {
        view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: next } });
      }
    },
    destroy: () => view.destroy()
  };
}

export interface CodeEditorHandle {
  destroy(): void;
  focus(): void;
  /** replace the text (when the value changed from outside, e.g. a problem was imported) */
  set(doc: string): void;
  regrammar(grammar: Extension): void;
}

/**
 * An editable code editor; `onChange` gets the whole text after each edit. `attributes` go on
 * the editable element (its label, what describes it).
 */
export function createEditor(
  parent: HTMLElement,
  doc: string,
  attributes: Record<string, string>,
  onChange: (doc: string) => void,
  grammar: Extension = python()
): CodeEditorHandle {
  const slot = grammarSlot(grammar);
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        base(false, slot.extension),
        EditorView.contentAttributes.of(attributes),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) onChange(u.state.doc.toString());
        })
      ]
    })
  });
  return {
    destroy: () => view.destroy(),
    focus: () => view.focus(),
    set(next) {
      if (next !== view.state.doc.toString())
        view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: next } });
    },
    regrammar: (next) => slot.swap(view, next)
  };
}

/** A read-only unified diff: `after` with the lines of `before` that changed shown above. */
export function createDiff(
  parent: HTMLElement,
  before: string,
  after: string,
  label: string,
  grammar: Extension = python()
) {
  const stateOf = (before: string, after: string, label: string, grammar: Extension) =>
    EditorState.create({
      doc: after,
      extensions: [
        base(true, grammar),
        EditorView.contentAttributes.of({ 'aria-label': label }),
        unifiedMergeView({
          original: before,
          mergeControls: false,
          highlightChanges: true,
          gutter: true
        })
      ]
    });
  let shown = { before, after, label };
  const view = new EditorView({ parent, state: stateOf(before, after, label, grammar) });
  return {
    /** Show another pair in the same editor (much cheaper than a new one at every step). */
    update(before: string, after: string, label: string) {
      shown = { before, after, label };
      view.setState(stateOf(before, after, label, grammar));
    },
    regrammar(next: Extension) {
      grammar = next;
      view.setState(stateOf(shown.before, shown.after, shown.label, next));
    },
    destroy: () => view.destroy()
  };
}

export type DiffViewer = ReturnType<typeof createDiff>;
