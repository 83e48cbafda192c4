/**
 * The /bench page's state: the solve folders opened so far and what was wrong with the files.
 * Opening more files only adds: a file that does not load leaves every earlier folder on
 * screen, and its sentences replace the previous ones.
 */
import {
  folderLabels,
  summarizeFolder,
  taskGrid,
  type GridRow,
  type TechniqueSummary
} from '$lib/core/bench/aggregate';
import { readSolveFolder, type SolveFolder, type TextFile } from '$lib/core/bench/folder';
import { readBenchFile } from '$lib/core/bench/bench-file';
import { foldersOf } from '$lib/core/bench/plan';
import { repeatSummaries, type RepeatSummary } from '$lib/core/bench/repeats';

export class BenchResults {
  #folders = $state.raw<SolveFolder[]>([]);
  /** the folders of the benchmark run in the page, shown first */
  #ran = $state.raw<readonly SolveFolder[]>([]);
  #problems = $state.raw<string[]>([]);

  /** the page's run's folders, then the folders opened, one per technique column */
  get folders(): readonly SolveFolder[] {
    return [...this.#ran, ...this.#folders];
  }

  /** how many of the first folders are the page's run's (they cannot be removed one by one) */
  get ranCount(): number {
    return this.#ran.length;
  }

  /** Shows the benchmark run in the page as it is now. */
  showRun(folders: readonly SolveFolder[]): void {
    this.#ran = folders;
  }

  /** sentences about the last files opened (empty when all of them loaded) */
  get problems(): readonly string[] {
    return this.#problems;
  }

  readonly labels = $derived(folderLabels(this.folders));
  readonly summaries: TechniqueSummary[] = $derived(
    this.folders.map((folder, i) => summarizeFolder(this.labels[i], folder))
  );
  readonly grid: GridRow[] = $derived(taskGrid(this.folders));
  /** per technique run K > 1 times: each task's share of runs solved, and pass@k */
  readonly repeats: RepeatSummary[] = $derived(repeatSummaries(this.folders));

  /**
   * Adds the files picked or dropped together as one solve folder; `unread` are sentences
   * about files that could not be read at all (too large, gone).
   */
  add(files: readonly TextFile[], unread: readonly string[] = []): void {
    const reading = files.length > 0 ? readSolveFolder(files) : { folder: null, problems: [] };
    this.#problems = [...unread, ...reading.problems];
    if (reading.folder) this.#folders = [...this.#folders, reading.folder];
  }

  /**
   * Adds a benchmark file's finished tasks, one folder per technique and seed as the run made
   * them; its repeats are grouped apart from any others (the file's name is in their group).
   * A file that does not read leaves every folder as it was and says why.
   */
  openBenchmark(text: string, name: string): void {
    const reading = readBenchFile(text, `“${name}”`);
    if (!reading.ok) {
      this.#problems = [reading.message];
      return;
    }
    const added = foldersOf(reading.plan, reading.done).map((folder) =>
      folder.group === undefined ? folder : { ...folder, group: `${folder.group} (${name})` }
    );
    this.#problems =
      added.length === 0 ? [`“${name}” is a benchmark with no finished task yet.`] : [];
    this.#folders = [...this.#folders, ...added];
  }

  /** Says why a file could not be read at all (too large, gone). */
  unreadable(message: string): void {
    this.#problems = [message];
  }

  /** Removes an opened folder's column (by its index among all columns). */
  remove(index: number): void {
    const opened = index - this.#ran.length;
    if (opened < 0) return;
    this.#folders = this.#folders.filter((_, i) => i !== opened);
  }
}
