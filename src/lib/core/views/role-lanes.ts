/**
 * The role-lanes view of a multi-agent run, reduced from a prefix of the log: a lane per agent
 * (from the `agents` note, in its order), each with the messages it handed on in order, the
 * hand-offs between lanes numbered across the run, and the agent at work — the one whose effect
 * is the latest in the prefix (its label starts with `<agent id>: `). Grading and checks that
 * belong to no agent leave nobody at work. Any technique that emits these notes gets the view.
 */
import type { Note, RunEvent } from '../run/events';

type AgentsNote = Extract<Note, { type: 'agents' }>;
type Agent = AgentsNote['agents'][number];

/** One message an agent handed on. */
export interface LaneMessage {
  /** 1-based position among all the run's messages: the hand-off's number */
  step: number;
  /** the agent it went to, or null when nobody takes it (the last report) */
  to: string | null;
  summary: string;
  text: string;
}

export interface Lane extends Agent {
  messages: LaneMessage[];
  /** this agent's effect is the latest in the prefix */
  active: boolean;
}

/** A message passed from one lane to another: what the view draws as an arrow. */
export interface Handoff {
  step: number;
  from: string;
  to: string;
  summary: string;
}

export interface RoleLanes {
  lanes: Lane[];
  handoffs: Handoff[];
  /** the agent at work, or null */
  active: string | null;
}

/** The agent whose effect label this is, among `ids`, or null. */
export function agentOfLabel(label: string, ids: readonly string[]): string | null {
  return ids.find((id) => label.startsWith(`${id}: `)) ?? null;
}

/** The lanes at the end of `events` (a prefix of the log), or null for a run without agents. */
export function roleLanesAt(events: readonly RunEvent[]): RoleLanes | null {
  const lanes: Lane[] = [];
  const handoffs: Handoff[] = [];
  let lastLabel: string | null = null;
  let step = 0;
  const laneOf = (id: string): Lane => {
    let lane = lanes.find((l) => l.id === id);
    if (!lane) {
      // an agent the technique did not declare still gets a lane rather than vanishing
      lane = { id, kind: 'model', role: '', messages: [], active: false };
      lanes.push(lane);
    }
    return lane;
  };
  let declared = false;
  for (const e of events) {
    if (e.kind !== 'note') {
      lastLabel = e.label;
      continue;
    }
    const n = e.note;
    if (n.type === 'agents') {
      declared = true;
      for (const agent of n.agents) Object.assign(laneOf(agent.id), agent);
    } else if (n.type === 'agent-message') {
      declared = true;
      step++;
      laneOf(n.from).messages.push({ step, to: n.to, summary: n.summary, text: n.text });
      if (n.to !== null) {
        laneOf(n.to);
        handoffs.push({ step, from: n.from, to: n.to, summary: n.summary });
      }
    }
  }
  if (!declared) return null;
  const active =
    lastLabel === null
      ? null
      : agentOfLabel(
          lastLabel,
          lanes.map((l) => l.id)
        );
  for (const lane of lanes) lane.active = lane.id === active;
  return { lanes, handoffs, active };
}

/** A hand-off in words: "1. test designer → test executor: 5 tests". */
export const describeHandoff = (h: Handoff): string =>
  `${h.step}. ${h.from} → ${h.to}: ${h.summary}`;
