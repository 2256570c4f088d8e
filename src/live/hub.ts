/**
 * Live subscriptions, multiplexed. Subscribers that sent the same document with the same
 * variables (their `after` aside) and the same viewer scope share one group: per batch of changes
 * the group reads the feed once, executes the operation once per event, and hands the same result
 * to every member. Statements per batch therefore don't grow with the number of subscribers.
 *
 * A member that resumes (`after:`) first catches up on its own, up to the group's position when it
 * joined, while the group's live events wait in its queue; then it drains the queue, skipping what
 * it has already seen. Nothing is lost or repeated at the seam.
 */
import { execute, getArgumentValues, getOperationAST, Kind, type ExecutionArgs, type ExecutionResult, type FieldNode } from 'graphql';
import type { Context } from '../context.js';
import type { Reader } from '../db/reader.js';
import { badUserInput } from '../lib/errors.js';
import { decodeGlobalId } from '../lib/globalId.js';
import { MODEL, typeOfTable } from '../model/registry.js';
import { articleChanges, articleStreamFilter, latestChange, mentionChanges } from '../services/changes.js';
import { rowsByIds } from '../services/lookup.js';
import { resolveAnyRef } from '../services/refs.js';
import type { EntityKind } from '../services/types.js';
import { after, articleResumePoint, encodePosition, mentionResumePoint, START, type Position } from './cursor.js';
import type { ChangeFeed } from './feed.js';

/** Past every mention id of a change (ids are Postgres int4). */
const MAX_INT4 = 2_147_483_647;

/** Events read per statement, when catching up or after a burst. */
const PAGE = 200;

/** One event: its place in the feed and the root value the operation executes against. */
interface LiveEvent {
  pos: Position;
  root: Record<string, unknown>;
}

/** What a subscription field streams: how to read its events after a position. */
interface Stream {
  read(after: Position, upTo: Position | null, limit: number): Promise<LiveEvent[]>;
}

export class SlowConsumerError extends Error {
  override name = 'SlowConsumerError';
}

export interface HubOptions {
  reader: Reader;
  feed: ChangeFeed;
  /** A fresh per-batch context (loaders are shared by the batch's executions). */
  context: () => Context;
  /** Events a member may have waiting before it is dropped as a slow consumer. */
  maxQueue: number;
}

export class LiveHub {
  private readonly groups = new Map<string, Group>();
  constructor(readonly opts: HubOptions) {}

  /**
   * Subscribes to the operation: resolves the subscription field's arguments (a bad one throws a
   * coded error before anything is streamed) and returns the stream of results for one member.
   */
  async subscribe(args: ExecutionArgs, scope: string): Promise<AsyncIterableIterator<ExecutionResult>> {
    const operation = getOperationAST(args.document, args.operationName);
    const field = operation?.selectionSet.selections.find((s): s is FieldNode => s.kind === Kind.FIELD);
    const fieldDef = field && args.schema.getSubscriptionType()?.getFields()[field.name.value];
    if (!field || !fieldDef) throw badUserInput('subscription', 'names no subscription field');
    const fieldArgs = getArgumentValues(fieldDef, field, args.variableValues ?? undefined);
    const { after: cursor, ...rest } = fieldArgs as { after?: string | null } & Record<string, unknown>;
    const resume =
      field.name.value === 'articlePublished' ? await articleResumePoint(this.opts.reader, cursor) : mentionResumePoint(cursor);
    const stream = await this.streamFor(field.name.value, rest);
    const { after: _omit, ...variables } = (args.variableValues ?? {}) as Record<string, unknown>;
    const key = JSON.stringify([args.document.loc?.source.body ?? '', args.operationName ?? null, variables, rest, scope]);
    let group = this.groups.get(key);
    if (!group) {
      group = new Group(this, key, stream, args);
      this.groups.set(key, group);
    }
    return group.join(resume);
  }

  /** Executes the group's operation for each event, concurrently, in one context. */
  async executeAll(args: ExecutionArgs, events: LiveEvent[]): Promise<ExecutionResult[]> {
    const contextValue = this.opts.context();
    return Promise.all(events.map(async (e) => await execute({ ...args, contextValue, rootValue: e.root })));
  }

  drop(group: Group): void {
    if (this.groups.get(group.key) === group) this.groups.delete(group.key);
  }

  get groupCount(): number {
    return this.groups.size;
  }

  /** Subscriptions open, across groups. */
  get memberCount(): number {
    let n = 0;
    for (const g of this.groups.values()) n += g.size;
    return n;
  }

  private async streamFor(field: string, args: Record<string, unknown>): Promise<Stream> {
    const reader = this.opts.reader;
    if (field === 'articlePublished') {
      const filter = await articleStreamFilter(reader, (args.filter ?? {}));
      return {
        async read(from, upTo, limit) {
          const changes = await articleChanges(reader, filter, from[0], upTo?.[0] ?? null, limit);
          const rows = new Map((await rowsByIds(reader, 'article', changes.map((c) => c.articleId))).map((r) => [r.id, r]));
          return changes.flatMap((c) => {
            const article = rows.get(c.articleId);
            const pos: Position = [c.seq, 0];
            return article ? [{ pos, root: { articlePublished: { cursor: encodePosition('article', pos), article } } }] : [];
          });
        },
      };
    }
    const ref = String(args.id);
    const decoded = decodeGlobalId(ref);
    const table = decoded ? MODEL[decoded.type].table : undefined;
    const { table: kind, id } = decoded
      ? { table: table as EntityKind, id: decoded.id }
      : await resolveAnyRef(reader, ['person', 'organization', 'place', 'declaration'], ref, 'id');
    const type = typeOfTable(kind);
    if (!type || !('mention' in MODEL[type])) throw badUserInput('id', 'must name a person, organization, place or declaration');
    return {
      async read(from, upTo, limit) {
        const changes = await mentionChanges(reader, kind as EntityKind, id, [from[0], from[1]], upTo?.[0] ?? null, limit);
        return changes.map((c) => {
          const pos: Position = [c.seq, c.mention.id];
          return { pos, root: { entityMentioned: { cursor: encodePosition('mention', pos), mention: c.mention } } };
        });
      },
    };
  }
}

/** Subscribers of one operation with the same variables and scope. */
class Group {
  private readonly members = new Set<Member>();
  private position: Promise<Position>;
  private pumping: Promise<void> | undefined;
  private again = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly hub: LiveHub,
    readonly key: string,
    private readonly stream: Stream,
    private readonly args: ExecutionArgs,
  ) {
    // A new group starts at the feed's head: it serves events from now on.
    this.position = latestChange(hub.opts.reader).then((seq) => [seq, MAX_INT4] as const);
    this.unsubscribe = hub.opts.feed.onChanges(() => this.wake());
  }

  get size(): number {
    return this.members.size;
  }

  async join(resume: Position | null): Promise<AsyncIterableIterator<ExecutionResult>> {
    const head = await this.position;
    const member = new Member(this.hub.opts.maxQueue, () => this.leave(member));
    this.members.add(member);
    if (resume && after(head, resume)) void this.catchUp(member, resume, head);
    else member.live(resume ?? head);
    return member;
  }

  private async catchUp(member: Member, from: Position, upTo: Position): Promise<void> {
    try {
      let cursor = from;
      for (;;) {
        const events = await this.stream.read(cursor, upTo, PAGE);
        const results = await this.hub.executeAll(this.args, events);
        events.forEach((e, i) => member.deliver(e.pos, results[i]));
        if (events.length < PAGE) break;
        cursor = events[events.length - 1].pos;
      }
      member.live(cursor);
    } catch (err) {
      member.fail(err);
    }
  }

  private wake(): void {
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = this.pump().finally(() => {
      this.pumping = undefined;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  /** Reads what changed since the group's position, executes once per event, hands it to all. */
  private async pump(): Promise<void> {
    try {
      for (;;) {
        const from = await this.position;
        const events = await this.stream.read(from, null, PAGE);
        if (!events.length) return;
        const results = await this.hub.executeAll(this.args, events);
        for (const member of this.members) events.forEach((e, i) => member.offer(e.pos, results[i]));
        this.position = Promise.resolve(events[events.length - 1].pos);
        if (events.length < PAGE) return;
      }
    } catch (err) {
      for (const member of this.members) member.fail(err);
    }
  }

  private leave(member: Member): void {
    this.members.delete(member);
    if (!this.members.size) {
      this.unsubscribe();
      this.hub.drop(this);
    }
  }
}

/** One subscriber's stream: an async iterator over a bounded queue. */
class Member implements AsyncIterableIterator<ExecutionResult> {
  private readonly queue: ExecutionResult[] = [];
  private readonly waiting: Array<{ resolve: (r: IteratorResult<ExecutionResult>) => void; reject: (err: Error) => void }> = [];
  private seen: Position = START;
  private catchingUp = true;
  private readonly held: Array<[Position, ExecutionResult]> = [];
  private failure: Error | undefined;
  private done = false;

  constructor(
    private readonly maxQueue: number,
    private readonly onClose: () => void,
  ) {}

  /** Caught up to `pos`: events held meanwhile that come after it are delivered, then live ones. */
  live(pos: Position): void {
    this.seen = pos;
    this.catchingUp = false;
    for (const [p, r] of this.held.splice(0)) this.deliver(p, r);
  }

  /** A live event from the group: held while catching up, else delivered. */
  offer(pos: Position, result: ExecutionResult): void {
    if (this.catchingUp) this.held.push([pos, result]);
    else this.deliver(pos, result);
  }

  deliver(pos: Position, result: ExecutionResult): void {
    if (this.done || !after(pos, this.seen)) return;
    this.seen = pos;
    const next = this.waiting.shift();
    if (next) return next.resolve({ value: result, done: false });
    if (this.queue.length >= this.maxQueue) return this.fail(new SlowConsumerError(`more than ${this.maxQueue} events waiting`));
    this.queue.push(result);
  }

  fail(err: unknown): void {
    if (this.done) return;
    this.failure = asError(err);
    this.finish();
  }

  next(): Promise<IteratorResult<ExecutionResult>> {
    const value = this.queue.shift();
    if (value) return Promise.resolve({ value, done: false });
    if (this.failure !== undefined) {
      const err = this.failure;
      this.failure = undefined;
      return Promise.reject(asError(err));
    }
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  return(): Promise<IteratorResult<ExecutionResult>> {
    this.finish();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<ExecutionResult> {
    return this;
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.onClose();
    for (const w of this.waiting.splice(0)) {
      if (this.failure === undefined) {
        w.resolve({ value: undefined, done: true });
        continue;
      }
      const err = this.failure;
      this.failure = undefined;
      w.reject(asError(err));
    }
  }
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error('subscription failed', { cause: err });
}
