/**
 * A student's page in a class, in Node with a stand-in EventSource: it follows the teacher's
 * steps, stops following when the student steps on their own, catches up with Follow the
 * teacher, and reconnects by itself when the browser gives up on the stream.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeSources } from '$lib/testing/fake-event-source';
import { ClassFollower, type FollowedPlayer } from './class-follower.svelte';
import { BACKOFF_MS, ClassStream } from './class-stream.svelte';

/** The fields of the Player the follower uses. */
function player(lastStep = 9): FollowedPlayer & { paused: number } {
  return {
    step: 0,
    lastStep,
    paused: 0,
    pause() {
      this.paused++;
    }
  };
}

/** A follower of class K7P4QX at `step`, started, over a stand-in EventSource. */
function follow(p: FollowedPlayer, step: number) {
  const sources = fakeSources();
  const follower = new ClassFollower(p, 'K7P4QX', step, sources.open);
  follower.start();
  return { follower, source: sources.made[0] };
}

describe('ClassFollower', () => {
  it('follows the teacher’s steps from the first one the stream sends', () => {
    const p = player();
    const { follower, source } = follow(p, 2);
    expect(source.url).toMatch(/^\/api\/classes\/K7P4QX\/events\?follower=[0-9a-f-]{36}$/);
    source.open();
    source.emit('step', { step: 4, version: 2 });
    expect(p.step).toBe(4);
    expect(follower.standing).toBe('following');
    source.emit('step', { step: 5, version: 3 });
    expect(p.step).toBe(5);
    // a step past this run's end shows its end
    source.emit('step', { step: 50, version: 4 });
    expect(p.step).toBe(9);
    follower.dispose();
  });

  it('lets the student step ahead, says so, and Follow the teacher catches up', () => {
    const p = player();
    const { follower, source } = follow(p, 3);
    source.emit('step', { step: 3, version: 1 });
    p.step = 6; // the student pressed → three times
    follower.check();
    expect(follower.following).toBe(false);
    expect(follower.standing).toBe('ahead');
    expect(follower.sentence).toBe('You are ahead of the teacher, who is at step 3.');
    // the teacher moves on: the student's page stays where the student is
    source.emit('step', { step: 4, version: 2 });
    expect(p.step).toBe(6);
    p.step = 1;
    follower.check();
    expect(follower.standing).toBe('behind');
    follower.follow();
    expect(p.step).toBe(4);
    expect(p.paused).toBe(1);
    expect(follower.standing).toBe('following');
    follower.check();
    expect(follower.following).toBe(true);
    source.emit('step', { step: 5, version: 3 });
    expect(p.step).toBe(5);
    follower.dispose();
  });

  it('says the class ended, and stops following', () => {
    const p = player();
    const { follower, source } = follow(p, 0);
    source.emit('end', { reason: 'ended' });
    expect(follower.ended).toMatch(/^The teacher ended the class\./);
    expect(follower.following).toBe(false);
    expect(follower.stream.connection).toBe('ended');
    expect(source.closed).toBe(true);
    follower.dispose();
  });

  it('ignores events that are not the class’s', () => {
    const p = player();
    const { follower, source } = follow(p, 1);
    source.emit('step', { step: -3, version: 2 });
    source.emit('step', '<script>alert(1)</script>');
    expect(follower.teacherStep).toBe(1);
    follower.dispose();
  });
});

describe('ClassStream', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('leaves a dropped stream to the browser, and reopens one the browser gave up on', () => {
    const sources = fakeSources();
    const stream = new ClassStream('/api/classes/K7P4QX/events', () => undefined, sources.open);
    stream.start();
    sources.made[0].open();
    expect(stream.connection).toBe('live');
    sources.made[0].fail(false); // the browser reconnects after `retry:`
    expect(stream.connection).toBe('reconnecting');
    vi.advanceTimersByTime(60_000);
    expect(sources.made).toHaveLength(1);
    sources.made[0].open();
    expect(stream.connection).toBe('live');

    // a 503 while the database is down: the browser gives up, the page does not
    sources.made[0].fail(true);
    expect(stream.connection).toBe('reconnecting');
    vi.advanceTimersByTime(BACKOFF_MS[0] - 1);
    expect(sources.made).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sources.made).toHaveLength(2);
    sources.made[1].fail(true);
    vi.advanceTimersByTime(BACKOFF_MS[1]);
    expect(sources.made).toHaveLength(3);
    sources.made[2].open();
    expect(stream.connection).toBe('live');
    // back to the shortest wait once a stream opened
    sources.made[2].fail(true);
    vi.advanceTimersByTime(BACKOFF_MS[0]);
    expect(sources.made).toHaveLength(4);
    stream.stop();
    vi.advanceTimersByTime(60_000);
    expect(sources.made).toHaveLength(4);
    expect(sources.made[3].closed).toBe(true);
  });
});
