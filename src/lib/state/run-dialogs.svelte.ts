/**
 * Which of a run view's dialogs is open (Share, Fork here, the keyboard shortcuts, Show
 * the prompt). A run view
 * makes its own; a page that shows the player's buttons elsewhere (presenter mode's bar)
 * makes one and hands it to both, so those buttons open the run view's dialogs.
 */
export class RunDialogs {
  help = $state(false);
  share = $state(false);
  fork = $state(false);
  /** the model call whose prompt is shown (0-based among the run's calls), null when closed */
  prompt = $state<number | null>(null);
}
