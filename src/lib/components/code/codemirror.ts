/**
 * CodeMirror 6 setup, imported lazily by the code components so the editor never weighs on
 * the first page load. Colours come from the app's CSS variables, so light and dark themes
 * and the projector mode restyle the editor without a second theme.
 */
import { EditorState, StateEffect, StateField, type Extension } from '@codemirror/state';
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
  '.cm-changedLine': { backgroundColor: 'var(--diff-add-bg) !important' },
  '.cm-changedText': { background: 'var(--diff-add-strong) !important' },
  '.cm-deletedChunk': { backgroundColor: 'var(--diff-del-bg) !important' },
  '.cm-deletedChunk .cm-deletedText': { background: 'var(--diff-del-strong) !important' },
  '.cm-insertedLine': { backgroundColor: 'var(--diff-add-bg) !important' },
  '.cm-deletedLine': { backgroundColor: 'var(--diff-del-bg) !important' }
});

function base(readOnly: boolean): Extension[] {
  return [
    lineNumbers(),
    python(),
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

/** Marks one line (a trace's current line, an error's line); 0 clears it. */
const setMarkedLine = StateEffect.define<number>();
const markedLine = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, tr) {
    marks = marks.map(tr.changes);
    for (const effect of tr.effects) {
      if (!effect.is(setMarkedLine)) continue;
      const n = effect.value;
      if (n < 1 || n > tr.state.doc.lines) return Decoration.none;
      const line = tr.state.doc.line(n);
      marks = Decoration.set([Decoration.line({ class: 'cm-marked-line' }).range(line.from)]);
    }
    return marks;
  },
  provide: (field) => EditorView.decorations.from(field)
});

export interface CodeViewer {
  set(doc: string): void;
  /** highlight line n (1-based) and scroll it into view; 0 clears */
  mark(line: number): void;
  destroy(): void;
}

/** A read-only Python viewer. `label` names it for screen readers. */
export function createViewer(parent: HTMLElement, doc: string, label: string): CodeViewer {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [base(true), markedLine, EditorView.contentAttributes.of({ 'aria-label': label })]
    })
  });
  return {
    mark(line) {
      const effects: StateEffect<unknown>[] = [setMarkedLine.of(line)];
      if (line >= 1 && line <= view.state.doc.lines) {
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

/** An editable Python editor; `onChange` gets the whole text after each edit. */
export function createEditor(
  parent: HTMLElement,
  doc: string,
  label: string,
  onChange: (doc: string) => void
): { destroy(): void; focus(): void } {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        base(false),
        EditorView.contentAttributes.of({ 'aria-label': label }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) onChange(u.state.doc.toString());
        })
      ]
    })
  });
  return { destroy: () => view.destroy(), focus: () => view.focus() };
}

/** A read-only unified diff: `after` with the lines of `before` that changed shown above. */
export function createDiff(parent: HTMLElement, before: string, after: string, label: string) {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: after,
      extensions: [
        base(true),
        EditorView.contentAttributes.of({ 'aria-label': label }),
        unifiedMergeView({
          original: before,
          mergeControls: false,
          highlightChanges: true,
          gutter: true
        })
      ]
    })
  });
  return { destroy: () => view.destroy() };
}
