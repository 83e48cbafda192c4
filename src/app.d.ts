// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
  namespace App {
    interface Locals {
      /** the learner's theme from the `acl-theme` cookie; null for the system theme */
      theme: import('$lib/theme').ChosenTheme | null;
    }
  }
}

export {};
