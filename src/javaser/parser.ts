// The streaming parser of the Java Object Serialization Stream Protocol (spec chapter 6).
//
// Design: a resumable state machine over an explicit frame stack (no recursion on the JS stack).
// Every frame knows its phase; a step either finishes a transition or, having consumed every byte
// it was given, returns NEED. Fixed-size reads that straddle chunks go through an 8-byte carry;
// strings and block data that straddle chunks collect copied pieces; nothing is re-parsed.
// Values travel from a finished child frame to its parent through the `ret` register.
//
// Handles: after a stream header or TC_RESET the handle numbers are exact ("known" mode). When the
// parser joins mid-stream or after a gap/error it cannot know how many handles came before, so new
// objects stay unnumbered and every reference becomes Unresolved (never a possibly wrong value)
// until the next header or TC_RESET makes numbering exact again.
// Buffer imported, not the global: in an ES module the global Buffer is a getter on globalThis,
// which V8 calls on every use (once per fed chunk in feedTo).
import { Buffer } from 'node:buffer';
import { int32At, uint16At, uint32At } from './big-endian.js';
import { ClassDesc, FieldDesc } from './class-desc.js';
import {
  BASE_WIRE_HANDLE,
  SC_SERIALIZABLE,
  TC_ARRAY,
  TC_BLOCKDATA,
  TC_BLOCKDATALONG,
  TC_CLASS,
  TC_CLASSDESC,
  TC_ENDBLOCKDATA,
  TC_ENUM,
  TC_EXCEPTION,
  TC_LONGSTRING,
  TC_NULL,
  TC_OBJECT,
  TC_PROXYCLASSDESC,
  TC_REFERENCE,
  TC_RESET,
  TC_STRING,
  isFieldTypeCode,
  typeCodeName,
} from './constants.js';
import { JavaSerError } from './errors.js';
import { EventCollector, type ParseEvent, type ParseSink } from './events.js';
import { finishJdkObject, makeLong, placeholderFor } from './jdk-decode.js';
import { JdkKind } from './jdk-kinds.js';
import { decodeMutf8, decodeMutf8Through, lastMutf8Issue } from './mutf8.js';
import { resolveOptions, type ParserOptions } from './options.js';
import { LOOKAHEAD, NEED_MORE, YES, isContentCode, plausibleAt } from './plausible.js';
import {
  InferredObject,
  JAVA_CLASS,
  JavaBlockData,
  JavaClassDescValue,
  JavaClassRef,
  JavaEnum,
  JavaException,
  JavaObject,
  Unresolved,
  type AnnotationItem,
  type JavaArray,
  type JavaValue,
} from './values.js';

// Frame kinds.
const K_TOP = 0;
const K_REF = 1;
const K_STRING = 2;
const K_OBJECT = 3;
const K_ARRAY = 4;
const K_CLASS = 5;
const K_ENUM = 6;
const K_CLASSDESC = 7;
const K_PROXYDESC = 8;
const K_ANNOT = 9;
const K_BLOCK = 10;
const K_EXCEPTION = 11;

// Step results.
const NEED = 0;
const GO = 1;

// beginContent/beginDesc results.
const PUSHED = 1;
const VALUE = 2;
const FAILED = 3;

// Phases (shared numbering; each kind uses its own subset).
const T_INIT = 0, T_READ = 1, T_HEADER = 2, T_WAIT = 3, T_BLOCKS = 4;
const S_LEN16 = 0, S_LEN64 = 1, S_BYTES = 2;
const O_DESC = 0, O_DESC_WAIT = 1, O_CLASS = 2, O_PRIM = 3, O_OBJ = 4, O_OBJ_WAIT = 5, O_ANNOT = 6, O_ANNOT_WAIT = 7, O_INFER = 8, O_BOXED = 9;
const A_DESC = 0, A_DESC_WAIT = 1, A_LEN = 2, A_PEEK = 3, A_PRIM = 4, A_OBJ = 5, A_OBJ_WAIT = 6;
const D_DESC = 0, D_DESC_WAIT = 1, D_NAME = 2, D_NAME_WAIT = 3;
const CD_NAME = 0, CD_NAME_WAIT = 1, CD_SUID = 2, CD_FLAGS = 3, CD_NFIELDS = 4, CD_FIELD = 5, CD_FNAME_WAIT = 6,
  CD_FCLASS = 7, CD_FCLASS_WAIT = 8, CD_ANNOT = 9, CD_ANNOT_WAIT = 10, CD_SUPER = 11, CD_SUPER_WAIT = 12;
const P_COUNT = 0, P_IFACE = 1, P_IFACE_WAIT = 2;
const AN_ITEM = 0, AN_OBJ_WAIT = 1, AN_BLOCK_WAIT = 2;
const B_LEN8 = 0, B_LEN32 = 1, B_BYTES = 2;
const EX_OBJ = 0, EX_WAIT = 1;

const M_NORMAL = 0;
const M_RESYNC = 1;

/** Most bytes of primitive data inferred for an object of an unknown class. */
const INFER_MAX = 1024;
const LA_CAP = 4096;

const EMPTY = Buffer.alloc(0);

// quickValue's answers: not a quick shape; read (consumed and emitted); a quick shape cut by the chunk end.
const Q_NO = 0;
const Q_DONE = 1;
const Q_CUT = 2;
// rowElements' answers besides the row's end.
const E_CUT = -1;
const E_NO = -2;
/** The longest cut top-level value kept aside for the quick path of the next chunk (see stashTail). */
const STASH_MAX = 256;
/** How much of the next chunk's head unstash copies first (a Winlaufen row is about 80 bytes). */
const STASH_HEAD = 96;
/** How much unstash copies first behind a stashed reference or boxed number (at most 14 bytes long). */
const STASH_HEAD_SMALL = 16;
/** A String[] row's head: TC_ARRAY, a reference to its class descriptor, its length. */
const ROW_HEAD = 10;

class Frame {
  kind = 0;
  phase = 0;
  /** Stream offset where this frame's construct began (its type code). */
  start = 0;
  n = 0;
  i = 0;
  aux = 0;
  flag = false;
  handle = -1;
  gen = 0;
  value: unknown = null;
  builder: JavaObject | null = null;
  desc: ClassDesc | null = null;
  chain: ClassDesc[] | null = null;
  str: string | null = null;
  parts: Buffer[] | null = null;
  got = 0;
}

interface Segment {
  buf: Buffer;
  pos: number;
  end: number;
  base: number;
}

/**
 * Incremental parser: feed() chunks of any size, gap() for lost bytes, end() when the stream ends.
 * Each returns the events completed by that call; every chunking of the same bytes gives the same
 * events.
 */
export class JavaStreamParser {
  private readonly opts: ParserOptions;
  private readonly tr: ParserOptions['trace'];
  private readonly maxHandles: number;
  /** Fast paths are off while tracing, so the trace sees every step. */
  private readonly fast: boolean;

  private readonly stack: Frame[] = [];
  private sp = 0;

  private buf: Buffer = EMPTY;
  private pos = 0;
  private lim = 0;
  private base = 0;
  private readonly segs: Segment[] = [];

  /**
   * The start of a quick-shaped top-level value cut by the end of the last chunk, or of a pending
   * row's cut element (see stashTail).
   */
  private readonly stash = Buffer.alloc(2 * STASH_MAX);
  /** The stash's own view for the string cache (decodeMutf8Through). */
  private readonly stashView = new DataView(this.stash.buffer, this.stash.byteOffset, this.stash.length);
  private stashLen = 0;
  private stashBase = 0;
  /**
   * A row cut among its elements, those before the cut read already (see pend): the row, the next
   * element's index, the row's handle, where the cut element starts in the row, its descriptor.
   */
  private pendRow: JavaValue[] | null = null;
  private pendNext = 0;
  private pendHandle = 0;
  private pendAt = 0;
  private pendDesc: ClassDesc | null = null;
  /** Where rowElements found the chunk end: the element's index and its first byte. */
  private cutIndex = 0;
  private cutAt = 0;

  private readonly carry = Buffer.alloc(8);
  private carryLen = 0;
  private rb: Buffer = EMPTY;
  private rp = 0;

  private ret: unknown = null;

  /**
   * The handle table: entries [0, nh) are the stream's handles. The array outlives a TC_RESET (only
   * nh goes back to 0), so a stream that resets every few hundred values does not grow a new table
   * each time: re-growing it was 6% of the parse.
   */
  private handles: unknown[] = [];
  private nh = 0;
  private known = false;
  private gen = 0;
  private readonly learned = new Map<number, number>();

  private mode = M_NORMAL;
  private readonly la = Buffer.alloc(LA_CAP);
  private laLen = 0;
  private laBase = 0;
  private laScan = 0;
  private pendingError: JavaSerError | null = null;
  private skipped = 0;

  private readonly collector = new EventCollector();
  /** Where the events of the current call go. */
  private out: ParseSink = this.collector;
  private offset = 0;
  private valueStart = 0;
  private ending = false;
  private ended = false;

  constructor(options?: Partial<ParserOptions>) {
    this.opts = resolveOptions(options);
    this.tr = this.opts.trace;
    this.maxHandles = this.opts.maxHandles;
    this.fast = this.tr === null;
    const top = this.push(K_TOP, 0)!;
    top.phase = T_INIT;
  }

  /** Stream offset of the next byte (bytes fed so far plus reported gaps). */
  get streamOffset(): number {
    return this.offset;
  }

  /** True while handle numbers are exact (after a header or TC_RESET, before any gap or error). */
  get handlesKnown(): boolean {
    return this.known;
  }

  /** Parses the next bytes of the stream; returns the events they complete. */
  feed(chunk: Uint8Array): ParseEvent[] {
    this.feedTo(chunk, this.collector);
    return this.collector.take();
  }

  /** The reassembler lost `length` bytes here: drop partial state and resynchronise after them. */
  gap(length: number): ParseEvent[] {
    this.gapTo(length, this.collector);
    return this.collector.take();
  }

  /** The stream ended: completes what the last bytes allow and reports an incomplete value. */
  end(): ParseEvent[] {
    this.endTo(this.collector);
    return this.collector.take();
  }

  /** feed(), with the events handed to `sink` as they complete instead of returned. */
  feedTo(chunk: Uint8Array, sink: ParseSink): void {
    if (this.ended) throw new Error('JavaStreamParser: feed() after end()');
    this.out = sink;
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.buf = b;
    this.pos = 0;
    this.lim = b.length;
    this.base = this.offset;
    if (this.pendRow !== null) {
      if (b.length > 0) this.resumeRow();
    } else if (this.stashLen > 0) this.unstash();
    // Between values of a Winlaufen stream, as a rule: the quick loop reads the chunk without the
    // dispatch of run() (a fixed cost of every 1460-byte segment).
    const quick = this.segs.length === 0 && this.mode === M_NORMAL && this.sp === 1 && this.fast && this.known && this.stack[0]!.phase === T_READ;
    if (!quick || !(this.quickStep() || this.pos >= this.lim)) this.run();
    this.offset += b.length;
    this.buf = EMPTY;
    this.pos = this.lim = 0;
    this.base = this.offset;
  }

  /** gap(), with the events handed to `sink`. */
  gapTo(length: number, sink: ParseSink): void {
    if (this.ended) throw new Error('JavaStreamParser: gap() after end()');
    this.out = sink;
    const at = this.offset;
    if (this.sp === 1) this.flushTopBlocks();
    const top = this.stack[0]!;
    const partial = this.mode === M_NORMAL && (this.sp > 1 || this.carryLen > 0 || this.stashLen > 0 || this.pendRow !== null || top.phase === T_HEADER);
    const msg =
      `${length} bytes lost in the stream` +
      (partial ? `; dropped the partial value that began at offset ${this.valueStart}` : '');
    if (this.mode === M_RESYNC && this.pendingError !== null) {
      this.out.error(this.pendingError, at);
      this.pendingError = null;
    }
    this.enterResync(new JavaSerError('GAP', msg, at), at);
    this.offset += length;
  }

  /** end(), with the events handed to `sink`. */
  endTo(sink: ParseSink): void {
    if (this.ended) return;
    this.out = sink;
    this.ending = true;
    this.base = this.offset;
    // The general path reads the cut value and reports where it was cut.
    if (this.pendRow !== null) this.pendToGeneral(this.nh, this.pendNext);
    else if (this.stashLen > 0) {
      this.pushBack(Buffer.from(this.stash.subarray(0, this.stashLen)), this.stashBase);
      this.stashLen = 0;
    }
    this.run();
    if (this.mode === M_RESYNC) {
      if (this.pendingError !== null) {
        this.out.error(this.pendingError, this.offset);
      } else if (this.skipped + this.laLen > 0) {
        const n = this.skipped + this.laLen;
        this.out.error(new JavaSerError('SKIPPED', `skipped ${n} bytes: no value starts in them`, this.offset - n), this.offset);
      }
    } else {
      const top = this.stack[0]!;
      if (this.sp > 1 || this.carryLen > 0 || top.phase === T_HEADER) {
        this.out.error(new JavaSerError('TRUNCATED', 'the stream ended inside a value', this.valueStart), this.offset);
      }
    }
    this.ended = true;
  }

  /** Emits the top-level block data collected so far as one value. */
  private flushTopBlocks(): void {
    const top = this.stack[0]!;
    if (top.parts !== null) {
      const bytes = top.parts.length === 1 ? top.parts[0]! : Buffer.concat(top.parts);
      this.out.value(new JavaBlockData(bytes), top.n);
      top.parts = null;
    }
    if (top.phase === T_BLOCKS) top.phase = T_READ;
  }

  // ---------------------------------------------------------------- machinery

  private run(): void {
    for (;;) {
      let r: number;
      if (this.mode === M_RESYNC) {
        r = this.stepResync();
      } else {
        const f = this.stack[this.sp - 1]!;
        switch (f.kind) {
          case K_TOP: r = this.stepTop(f); break;
          case K_REF: r = this.stepRef(f); break;
          case K_STRING: r = this.stepString(f); break;
          case K_OBJECT: r = this.stepObject(f); break;
          case K_ARRAY: r = this.stepArray(f); break;
          case K_CLASS:
          case K_ENUM: r = this.stepClassOrEnum(f); break;
          case K_CLASSDESC: r = this.stepClassDesc(f); break;
          case K_PROXYDESC: r = this.stepProxyDesc(f); break;
          case K_ANNOT: r = this.stepAnnotation(f); break;
          case K_BLOCK: r = this.stepBlock(f); break;
          case K_EXCEPTION: r = this.stepException(f); break;
          default: r = this.fail('INTERNAL', `unknown frame kind ${f.kind}`, this.base + this.pos);
        }
      }
      if (r === NEED) {
        const s = this.segs.pop();
        if (s === undefined) return;
        this.buf = s.buf;
        this.pos = s.pos;
        this.lim = s.end;
        this.base = s.base;
      }
    }
  }

  /** Makes `bytes` (stream offset `at`) the next input, ahead of the rest of the current segment. */
  private pushBack(bytes: Buffer, at: number): void {
    if (bytes.length === 0) return;
    if (this.pos < this.lim) this.segs.push({ buf: this.buf, pos: this.pos, end: this.lim, base: this.base });
    this.buf = bytes;
    this.pos = 0;
    this.lim = bytes.length;
    this.base = at;
  }

  /**
   * A value cut by the chunk end would take the general path, frame by frame, which costs as much
   * as a dozen quick rows (one per 1460-byte segment). Instead its bytes (fewer than STASH_MAX)
   * wait here. A row cut among its elements keeps those read so far (pend) and stashes only the cut
   * element; the next chunk finishes it (resumeRow), or a general-path array frame goes on from that
   * element (pendToGeneral). A row cut in its head gets the rest of the head from the next chunk
   * and then goes on the same way (unstashRowHead). Any other quick value (a boxed number, a
   * string, a reference) is tried once more on the stash plus the chunk's head (unstash); if that
   * fails, the general path reads the stashed bytes. Either way a cut value is read from its start
   * (a pending row from its cut element) at most twice more, and only while it is short, so the
   * work stays linear.
   */
  private stashTail(): void {
    let from = this.pos; // the type code
    this.valueStart = this.base + from;
    // A pending row's elements before the cut are read: only the cut element's bytes wait (often
    // none), so stashBase - pendAt is where the row starts.
    if (this.pendRow !== null) from += this.pendAt;
    copyBytes(this.buf, from, this.lim, this.stash, 0);
    this.stashLen = this.lim - from;
    this.stashBase = this.base + from;
    this.pos = this.lim;
  }

  /** At the start of a chunk: the stashed value, read by the quick path or handed to the general one. */
  private unstash(): void {
    const tail = this.stashLen;
    const chunk = this.buf;
    const chunkBase = this.base;
    const tc = this.stash[0]!;
    if (tc === TC_ARRAY && tail < ROW_HEAD && chunk.length >= ROW_HEAD - tail && this.unstashRowHead()) return;
    // The rest of a row is rarely more than STASH_HEAD bytes: copy that much first, more only if
    // the row needs it.
    let take = Math.min(chunk.length, tc === TC_OBJECT || tc === TC_REFERENCE ? STASH_HEAD_SMALL : STASH_HEAD);
    copyBytes(chunk, 0, take, this.stash, tail);
    this.stashLen = 0;
    this.buf = this.stash;
    this.base = this.stashBase;
    let done = this.quickHead(tail + take);
    if (!done && take < chunk.length) {
      const more = Math.min(chunk.length, STASH_MAX);
      copyBytes(chunk, take, more, this.stash, tail + take);
      take = more;
      done = this.quickHead(tail + take);
    }
    const used = this.pos - tail; // bytes of the chunk read from the copy
    this.buf = chunk;
    this.lim = chunk.length;
    this.base = chunkBase;
    if (done) {
      this.pos = used;
    } else {
      this.pos = 0;
      this.pushBack(Buffer.from(this.stash.subarray(0, tail)), this.stashBase);
    }
  }

  /**
   * A row cut in its head (one cut in eight in a Winlaufen stream): the stash gets only the rest
   * of the head, quickValue reads it there and leaves the row pending before its first element,
   * and resumeRow reads the elements from the chunk, as after a cut among them. This spares the
   * copy of the row's elements into the stash and reading them there. False, with nothing
   * changed, when the head is not a quick row's.
   */
  private unstashRowHead(): boolean {
    const tail = this.stashLen;
    const chunk = this.buf;
    const chunkBase = this.base;
    const used = ROW_HEAD - tail; // bytes of the chunk that complete the head
    copyBytes(chunk, 0, used, this.stash, tail);
    this.buf = this.stash;
    this.base = this.stashBase;
    this.pos = 0;
    this.lim = ROW_HEAD;
    const q = this.quickRun();
    this.buf = chunk;
    this.lim = chunk.length;
    this.base = chunkBase;
    this.pos = 0;
    if (q === Q_DONE) {
      // A row of no elements: read whole from the head.
      this.stashLen = 0;
      this.pos = used;
      return true;
    }
    if (q !== Q_CUT || this.pendRow === null) return false;
    // Pending before element 0, whose bytes start the chunk after the head's rest.
    this.stashBase += ROW_HEAD;
    this.stashLen = 0;
    this.pos = used;
    this.resumeRow();
    return true;
  }

  /**
   * The quick loop over the stash up to `lim` (the stashed value, then what of the chunk's head
   * was copied behind it); true when it read the stashed value. That value ends past the stashed
   * bytes, so the loop stops after them or not at all: in the chunk, unstash goes on from there.
   */
  private quickHead(lim: number): boolean {
    this.pos = 0;
    this.lim = lim;
    if (this.quickRun() === Q_CUT) this.dropPending(); // cut by the end of the copy, not of the stream
    return this.pos > 0;
  }

  /** Makes `n` bytes readable at rb[rp..]; false (all input consumed into the carry) if not there yet. */
  private ensure(n: number): boolean {
    const c = this.carryLen;
    if (c === 0 && this.lim - this.pos >= n) {
      this.rb = this.buf;
      this.rp = this.pos;
      this.pos += n;
      return true;
    }
    let take = n - c;
    const avail = this.lim - this.pos;
    if (take > avail) take = avail;
    this.buf.copy(this.carry, c, this.pos, this.pos + take);
    this.pos += take;
    this.carryLen = c + take;
    if (this.carryLen < n) return false;
    this.carryLen = 0;
    this.rb = this.carry;
    this.rp = 0;
    return true;
  }

  /** Collects f.n bytes (f.got so far); returns the buffer holding them from this.rp, or null. */
  private bulk(f: Frame): Buffer | null {
    if (f.got === 0 && this.lim - this.pos >= f.n) {
      this.rp = this.pos;
      this.pos += f.n;
      return this.buf;
    }
    let take = f.n - f.got;
    const avail = this.lim - this.pos;
    if (take > avail) take = avail;
    if (take > 0) {
      if (f.parts === null) f.parts = [];
      f.parts.push(Buffer.from(this.buf.subarray(this.pos, this.pos + take)));
      this.pos += take;
      f.got += take;
    }
    if (f.got < f.n) return null;
    const all = f.parts === null ? EMPTY : f.parts.length === 1 ? f.parts[0]! : Buffer.concat(f.parts, f.n);
    f.parts = null;
    this.rp = 0;
    return all;
  }

  private push(kind: number, start: number): Frame | null {
    // Depth counts frames below the top level (objects, arrays, descriptors, annotations, strings).
    if (this.sp > this.opts.maxDepth) {
      this.fail('DEPTH_LIMIT', `nesting deeper than maxDepth ${this.opts.maxDepth}`, start);
      return null;
    }
    let f = this.stack[this.sp];
    if (f === undefined) {
      f = new Frame();
      this.stack.push(f);
    }
    this.sp++;
    f.kind = kind;
    f.phase = 0;
    f.start = start;
    f.n = 0;
    f.i = 0;
    f.aux = 0;
    f.flag = false;
    f.handle = -1;
    f.value = null;
    f.builder = null;
    f.desc = null;
    f.chain = null;
    f.str = null;
    f.parts = null;
    f.got = 0;
    return f;
  }

  /** Finishes the top frame with `value` for its parent. */
  private pop(value: unknown): number {
    const f = this.stack[--this.sp]!;
    f.value = null;
    f.builder = null;
    f.parts = null;
    this.ret = value;
    return GO;
  }

  private trace(offset: number, text: string): void {
    this.tr!({ offset, depth: this.sp - 1, text });
  }

  // ---------------------------------------------------------------- handles

  private assign(v: unknown): number {
    if (!this.known) return -1;
    if (this.nh >= this.maxHandles) {
      this.warn('HANDLE_LIMIT', `more than maxHandles ${this.opts.maxHandles} handles; references become unresolved`, this.base + this.pos);
      this.dropHandles();
      return -1;
    }
    this.handles[this.nh] = v;
    return this.nh++;
  }

  private setHandle(f: Frame, v: unknown): void {
    if (f.handle >= 0 && f.gen === this.gen) this.handles[f.handle] = v;
  }

  private resetHandles(): void {
    // Forgotten by number, not by value: every lookup checks the handle against nh, so the old
    // values are unreachable at once and the next ones overwrite them. Clearing the slots (a store
    // per handle; 2.8% of a Winlaufen parse, resetting every 100 lists) would only free the old
    // values one period sooner; the table's capacity bounds them either way. A table far bigger
    // than the one just used (one long stretch without reset, then short ones) is dropped instead,
    // so what it kept goes too.
    if (this.handles.length > 2 * this.nh + 1024) this.handles = [];
    this.nh = 0;
    this.known = true;
    this.gen++;
    this.learned.clear();
  }

  private dropHandles(): void {
    this.handles = [];
    this.nh = 0;
    this.known = false;
    this.gen++;
    this.learned.clear();
  }

  private handleText(idx: number): string {
    return idx >= 0 ? `handle 0x${(idx + BASE_WIRE_HANDLE).toString(16)}` : 'unnumbered';
  }

  /** Resolves a reference; `desc` when a class descriptor is expected. */
  private refValue(h: number, off: number, desc: boolean): number {
    if (!this.known) {
      this.ret = new Unresolved(h);
      if (this.tr) this.trace(off, `TC_REFERENCE 0x${(h >>> 0).toString(16)}${desc ? ' (class)' : ''} unresolved`);
      return VALUE;
    }
    const idx = h - BASE_WIRE_HANDLE;
    if (idx < 0 || idx >= this.nh) {
      return this.failed('BAD_HANDLE', `reference to handle 0x${(h >>> 0).toString(16)}, which was never assigned`, off);
    }
    let v = this.handles[idx];
    if (desc) {
      if (!(v instanceof ClassDesc)) return this.failed('NOT_A_CLASSDESC', `handle 0x${h.toString(16)} is not a class descriptor`, off);
    } else if (v instanceof ClassDesc) {
      v = new JavaClassDescValue(v.name);
    }
    if (this.tr) this.trace(off, `TC_REFERENCE 0x${h.toString(16)} -> ${describeTarget(v)}`);
    this.ret = v;
    return VALUE;
  }

  // ---------------------------------------------------------------- errors and resync

  private fail(code: string, message: string, offset: number): number {
    this.enterResync(new JavaSerError(code, message, offset), this.base + this.pos);
    return GO;
  }

  private failed(code: string, message: string, offset: number): number {
    this.fail(code, message, offset);
    return FAILED;
  }

  /** A problem that does not stop parsing (reported at once, parsing goes on here). */
  private warn(code: string, message: string, offset: number): void {
    if (this.tr) this.trace(offset, `! ${code}: ${message}`);
    this.out.error(new JavaSerError(code, message, offset), this.base + this.pos);
  }

  private enterResync(err: JavaSerError | null, at: number): void {
    if (this.stack[0]!.parts !== null) this.flushTopBlocks();
    if (this.tr && err !== null) this.tr({ offset: err.offset, depth: 0, text: `! ${err.code}: ${err.message}; scanning for the next value` });
    this.sp = 1;
    const top = this.stack[0]!;
    top.phase = T_READ;
    top.flag = false;
    this.carryLen = 0;
    this.stashLen = 0;
    this.pendRow = null;
    this.dropHandles();
    this.mode = M_RESYNC;
    this.pendingError = err;
    this.skipped = 0;
    this.laLen = 0;
    this.laScan = 0;
    this.laBase = at;
  }

  /** Copies input into the lookahead buffer up to `target` bytes. */
  private fillLookahead(target: number): void {
    if (this.laLen === 0) this.laBase = this.base + this.pos;
    if (target > LA_CAP) target = LA_CAP;
    let take = target - this.laLen;
    const avail = this.lim - this.pos;
    if (take > avail) take = avail;
    if (take <= 0) return;
    this.buf.copy(this.la, this.laLen, this.pos, this.pos + take);
    this.pos += take;
    this.laLen += take;
  }

  private stepResync(): number {
    for (;;) {
      this.fillLookahead(this.laScan + 2 * LOOKAHEAD + 64);
      while (this.laScan < this.laLen) {
        const r = plausibleAt(this.la, this.laScan, this.laLen, this.ending, this.opts.maxArrayLength);
        if (r === YES) return this.resynced();
        if (r === NEED_MORE) break;
        this.laScan++;
      }
      if (this.laScan > 0) {
        this.la.copyWithin(0, this.laScan, this.laLen);
        this.laLen -= this.laScan;
        this.laBase += this.laScan;
        this.skipped += this.laScan;
        this.laScan = 0;
      }
      if (this.pos >= this.lim) return NEED;
    }
  }

  private resynced(): number {
    const at = this.laBase + this.laScan;
    const skipped = this.skipped + this.laScan;
    const rest = Buffer.from(this.la.subarray(this.laScan, this.laLen));
    this.laLen = 0;
    this.laScan = 0;
    this.mode = M_NORMAL;
    if (this.pendingError !== null) {
      this.out.error(this.pendingError, at);
    } else if (skipped > 0) {
      this.out.error(new JavaSerError('SKIPPED', `skipped ${skipped} bytes to the first plausible value (reading mid-stream)`, at - skipped), at);
    }
    if (this.tr) this.trace(at, `resynchronised (skipped ${skipped} bytes); handles unknown until a header or TC_RESET`);
    this.pendingError = null;
    this.skipped = 0;
    this.pushBack(rest, at);
    return GO;
  }

  // ---------------------------------------------------------------- content dispatch

  /** Starts reading a content element whose type code `tc` (at `off`) was just consumed. */
  private beginContent(tc: number, off: number): number {
    // References and strings trace themselves once read (with their target / text).
    if (this.tr && tc !== TC_REFERENCE && tc !== TC_STRING && tc !== TC_LONGSTRING) this.trace(off, typeCodeName(tc));
    switch (tc) {
      case TC_NULL:
        this.ret = null;
        return VALUE;
      case TC_REFERENCE: {
        if (this.fast && this.carryLen === 0 && this.lim - this.pos >= 4) {
          const b = this.buf;
          const p = this.pos;
          const h = int32At(b, p);
          this.pos = p + 4;
          return this.refValue(h, off, false);
        }
        return this.pushed(K_REF, off);
      }
      case TC_STRING: {
        if (this.fast && this.carryLen === 0 && this.lim - this.pos >= 2) {
          const p = this.pos;
          const n = uint16At(this.buf, p);
          if (this.lim - p - 2 >= n && n <= this.opts.maxStringLength) {
            const s = decodeMutf8(this.buf, p + 2, p + 2 + n);
            this.pos = p + 2 + n;
            if (lastMutf8Issue !== null) this.utfIssue(p + 2);
            if (this.known) this.assign(s);
            this.ret = s;
            return VALUE;
          }
        }
        const f = this.push(K_STRING, off);
        if (f === null) return FAILED;
        f.phase = S_LEN16;
        f.flag = true;
        return PUSHED;
      }
      case TC_LONGSTRING: {
        const f = this.push(K_STRING, off);
        if (f === null) return FAILED;
        f.phase = S_LEN64;
        f.flag = true;
        f.aux = 1;
        return PUSHED;
      }
      case TC_OBJECT:
        return this.pushed(K_OBJECT, off);
      case TC_ARRAY:
        return this.pushed(K_ARRAY, off);
      case TC_CLASS:
        return this.pushed(K_CLASS, off);
      case TC_ENUM:
        return this.pushed(K_ENUM, off);
      case TC_CLASSDESC:
      case TC_PROXYCLASSDESC: {
        const r = tc === TC_CLASSDESC ? this.pushClassDesc(off) : this.pushProxyDesc(off);
        if (r === PUSHED) this.stack[this.sp - 1]!.flag = true;
        return r;
      }
      case TC_EXCEPTION: {
        // The writer aborted the value being written: everything open is abandoned, the handle
        // table was reset, and the throwable follows (then another reset).
        this.sp = 1;
        this.stack[0]!.phase = T_WAIT;
        this.stack[0]!.flag = false;
        this.valueStart = off;
        this.carryLen = 0;
        this.resetHandles();
        return this.pushed(K_EXCEPTION, off);
      }
      case TC_RESET:
        return this.failed('UNEXPECTED_RESET', 'TC_RESET inside a value', off);
      case TC_BLOCKDATA:
      case TC_BLOCKDATALONG:
      case TC_ENDBLOCKDATA:
        return this.failed('UNEXPECTED_BLOCKDATA', `${typeCodeName(tc)} where an object was expected`, off);
      default:
        return this.failed('BAD_TYPE_CODE', `invalid type code 0x${tc.toString(16).padStart(2, '0')}`, off);
    }
  }

  private pushed(kind: number, off: number): number {
    return this.push(kind, off) === null ? FAILED : PUSHED;
  }

  /** Starts reading a class descriptor (type code `tc` consumed): null, reference, new or proxy. */
  private beginDesc(tc: number, off: number): number {
    switch (tc) {
      case TC_NULL:
        if (this.tr) this.trace(off, 'TC_NULL (no class)');
        this.ret = null;
        return VALUE;
      case TC_REFERENCE: {
        if (this.fast && this.carryLen === 0 && this.lim - this.pos >= 4) {
          const b = this.buf;
          const p = this.pos;
          const h = int32At(b, p);
          this.pos = p + 4;
          return this.refValue(h, off, true);
        }
        const f = this.push(K_REF, off);
        if (f === null) return FAILED;
        f.flag = true;
        return PUSHED;
      }
      case TC_CLASSDESC:
        if (this.tr) this.trace(off, 'TC_CLASSDESC');
        return this.pushClassDesc(off);
      case TC_PROXYCLASSDESC:
        if (this.tr) this.trace(off, 'TC_PROXYCLASSDESC');
        return this.pushProxyDesc(off);
      default:
        return this.failed('BAD_CLASSDESC', `invalid class descriptor type code 0x${tc.toString(16).padStart(2, '0')}`, off);
    }
  }

  private pushClassDesc(off: number): number {
    const f = this.push(K_CLASSDESC, off);
    if (f === null) return FAILED;
    const d = new ClassDesc();
    f.desc = d;
    f.handle = this.assign(d);
    f.phase = CD_NAME;
    return PUSHED;
  }

  private pushProxyDesc(off: number): number {
    const f = this.push(K_PROXYDESC, off);
    if (f === null) return FAILED;
    const d = new ClassDesc();
    d.isProxy = true;
    d.flags = SC_SERIALIZABLE;
    f.desc = d;
    f.handle = this.assign(d);
    f.phase = P_COUNT;
    return PUSHED;
  }

  /** Reads a writeUTF string (class/field/interface names): u16 length + bytes, no handle. */
  private beginUtf(off: number): number {
    if (this.fast && this.carryLen === 0 && this.lim - this.pos >= 2) {
      const p = this.pos;
      const n = uint16At(this.buf, p);
      if (this.lim - p - 2 >= n) {
        this.ret = decodeMutf8(this.buf, p + 2, p + 2 + n);
        this.pos = p + 2 + n;
        if (lastMutf8Issue !== null) this.utfIssue(p + 2);
        return VALUE;
      }
    }
    const f = this.push(K_STRING, off);
    if (f === null) return FAILED;
    f.phase = S_LEN16;
    f.flag = false;
    return PUSHED;
  }

  private utfIssue(bytesStart: number): void {
    const issue = lastMutf8Issue!;
    const at = this.base + bytesStart + issue.at;
    if (issue.kind === 'malformed') {
      this.warn('MUTF8_MALFORMED', 'malformed modified UTF-8 (replaced by U+FFFD; the JDK rejects it)', at);
    } else {
      this.warn('MUTF8_OVERLONG', 'non-canonical modified UTF-8 (overlong form or raw NUL), decoded as the JDK does', at);
    }
  }

  // ---------------------------------------------------------------- frames

  private stepTop(f: Frame): number {
    for (;;) {
      switch (f.phase) {
        case T_INIT: {
          if (this.opts.midStream === 'always') {
            f.phase = T_READ;
            this.enterResync(null, this.base + this.pos);
            return GO;
          }
          const start = this.base + this.pos - this.carryLen;
          if (!this.ensure(4)) {
            if (this.ending && this.carryLen > 0) {
              const bytes = Buffer.from(this.carry.subarray(0, this.carryLen));
              this.enterResync(null, start);
              this.pushBack(bytes, start);
              return GO;
            }
            return NEED;
          }
          const b = this.rb;
          const p = this.rp;
          if (b[p] === 0xac && b[p + 1] === 0xed && b[p + 2] === 0x00 && b[p + 3] === 0x05) {
            this.resetHandles();
            this.out.header(start);
            if (this.tr) this.trace(start, 'stream header AC ED 00 05');
            f.phase = T_READ;
            continue;
          }
          const bytes = Buffer.from(b.subarray(p, p + 4));
          const err =
            this.opts.midStream === 'never'
              ? new JavaSerError('BAD_HEADER', 'the stream does not start with AC ED 00 05', start)
              : null;
          this.enterResync(err, start);
          this.pushBack(bytes, start);
          return GO;
        }
        case T_READ: {
          if (this.fast && this.known && this.quickStep()) return NEED;
          // Otherwise the general path reads the next value (or waits for the next chunk).
          if (this.pos >= this.lim) return NEED;
          const off = this.base + this.pos;
          const tc = this.buf[this.pos++]!;
          this.valueStart = off;
          switch (tc) {
            case 0xac:
              f.phase = T_HEADER;
              continue;
            case TC_RESET:
              this.resetHandles();
              this.out.reset(off);
              if (this.tr) this.trace(off, 'TC_RESET');
              continue;
            case TC_BLOCKDATA:
            case TC_BLOCKDATALONG: {
              if (this.tr) this.trace(off, typeCodeName(tc));
              const b = this.push(K_BLOCK, off);
              if (b === null) return GO;
              b.phase = tc === TC_BLOCKDATA ? B_LEN8 : B_LEN32;
              f.phase = T_WAIT;
              f.flag = true;
              return GO;
            }
            case TC_ENDBLOCKDATA:
              return this.fail('UNEXPECTED_BLOCKDATA', 'TC_ENDBLOCKDATA at the top level', off);
            default: {
              f.phase = T_WAIT;
              const r = this.beginContent(tc, off);
              if (r !== VALUE) return GO;
              continue;
            }
          }
        }
        case T_HEADER: {
          if (!this.ensure(3)) return NEED;
          const b = this.rb;
          const p = this.rp;
          if (b[p] !== 0xed || b[p + 1] !== 0x00 || b[p + 2] !== 0x05) {
            return this.fail('BAD_TYPE_CODE', 'invalid type code 0xac (not a stream header)', this.valueStart);
          }
          this.resetHandles();
          this.out.header(this.valueStart);
          if (this.tr) this.trace(this.valueStart, 'stream header AC ED 00 05 (handles reset)');
          f.phase = T_READ;
          continue;
        }
        case T_WAIT:
          if (f.flag) {
            // Top-level block data: consecutive pieces are one value (the JDK splits long runs).
            f.flag = false;
            if (f.parts === null) {
              f.parts = [];
              f.n = this.valueStart;
            }
            f.parts.push((this.ret as JavaBlockData).bytes as Buffer);
            f.phase = T_BLOCKS;
            continue;
          }
          this.out.value(this.ret as JavaValue, this.valueStart);
          f.phase = T_READ;
          continue;
        case T_BLOCKS: {
          if (this.pos >= this.lim) {
            if (!this.ending) return NEED;
            this.flushTopBlocks();
            continue;
          }
          const tc = this.buf[this.pos]!;
          if (tc !== TC_BLOCKDATA && tc !== TC_BLOCKDATALONG) {
            this.flushTopBlocks();
            continue;
          }
          const off = this.base + this.pos;
          this.pos++;
          if (this.tr) this.trace(off, typeCodeName(tc));
          const b = this.push(K_BLOCK, off);
          if (b === null) return GO;
          b.phase = tc === TC_BLOCKDATA ? B_LEN8 : B_LEN32;
          f.phase = T_WAIT;
          f.flag = true;
          return GO;
        }
        default:
          return this.fail('INTERNAL', 'bad top phase', this.base + this.pos);
      }
    }
  }

  /** Runs the quick loop (quickRun); true when it stashed a cut row and needs the next chunk. */
  private quickStep(): boolean {
    if (this.quickRun() === Q_CUT) {
      if (this.segs.length === 0 && this.lim - this.pos < STASH_MAX && !this.ending) {
        this.stashTail();
        return true;
      }
      this.dropPending();
    }
    return false;
  }

  /**
   * Reads top-level values straight from the chunk, one after another, while they are of the quick
   * shapes: rows and boxed numbers (quickValue), strings, references to strings, numbers or rows,
   * and TC_RESET. This loop is the whole parser for a Winlaufen stream; everything else, and every
   * corner case (a string with a flagged encoding, the handle limit), goes to the general path,
   * which reads the same bytes the same way. Returns Q_DONE at the chunk end, Q_NO before a value
   * the general path must read, Q_CUT before a quick-shaped value cut by the chunk end.
   */
  private quickRun(): number {
    const b = this.buf;
    const lim = this.lim;
    while (this.pos < lim) {
      const p = this.pos;
      const tc = b[p]!;
      const off = this.base + p;
      if (tc === TC_ARRAY || tc === TC_OBJECT) {
        this.pos = p + 1;
        const q = this.quickValue(tc, off);
        if (q !== Q_DONE) {
          this.pos = p;
          return q;
        }
      } else if (tc === TC_STRING) {
        if (lim - p < 3) return Q_CUT;
        const n = (b[p + 1]! << 8) | b[p + 2]!;
        if (n > this.opts.maxStringLength || this.nh >= this.maxHandles) return Q_NO;
        if (lim - p - 3 < n) return Q_CUT;
        const str = decodeMutf8(b, p + 3, p + 3 + n);
        if (lastMutf8Issue !== null) return Q_NO;
        this.handles[this.nh++] = str;
        this.pos = p + 3 + n;
        this.out.value(str, off);
      } else if (tc === TC_REFERENCE) {
        if (lim - p < 5) return Q_CUT;
        const idx = ((b[p + 1]! << 24) | (b[p + 2]! << 16) | (b[p + 3]! << 8) | b[p + 4]!) - BASE_WIRE_HANDLE;
        const v = idx >= 0 && idx < this.nh ? this.handles[idx] : undefined;
        if (typeof v !== 'string' && typeof v !== 'number' && !Array.isArray(v)) return Q_NO;
        this.pos = p + 5;
        this.out.value(v as JavaValue, off);
      } else if (tc === TC_RESET) {
        this.resetHandles();
        this.pos = p + 1;
        this.out.reset(off);
      } else {
        return Q_NO;
      }
    }
    return Q_DONE;
  }

  /**
   * The common top-level values of a Winlaufen stream, read straight from the chunk when they lie
   * wholly in it: a String[] row (descriptor by reference; strings, references to strings, nulls)
   * and a boxed primitive (descriptor by reference). Exactly what the frame machinery would do,
   * only without frames. Anything else returns Q_NO, a value of these shapes cut by the chunk end
   * Q_CUT, both with nothing consumed or changed (the general path then reads it, or it is
   * stashed until the next chunk: see stashTail).
   */
  private quickValue(tc: number, off: number): number {
    const b = this.buf;
    const lim = this.lim;
    let p = this.pos;
    if (lim - p < 5) return lim - p === 0 || b[p] === TC_REFERENCE ? Q_CUT : Q_NO;
    if (b[p] !== TC_REFERENCE || this.opts.maxDepth < 2) return Q_NO;
    const handles = this.handles;
    const di = ((b[p + 1]! << 24) | (b[p + 2]! << 16) | (b[p + 3]! << 8) | b[p + 4]!) - BASE_WIRE_HANDLE;
    const d = di >= 0 && di < this.nh ? handles[di] : undefined;
    if (!(d instanceof ClassDesc)) return Q_NO;
    p += 5;
    if (tc === TC_OBJECT) {
      const code = d.boxCode;
      if (code === 0) return Q_NO;
      const size = code === 0x4a || code === 0x44 ? 8 : code === 0x49 || code === 0x46 ? 4 : code === 0x43 || code === 0x53 ? 2 : 1;
      if (this.nh >= this.maxHandles) return Q_NO;
      if (lim - p < size) return Q_CUT;
      const v = this.readPrim(code, b, p);
      handles[this.nh++] = v;
      this.pos = p + size;
      this.out.value(v, off);
      return Q_DONE;
    }
    if (d.arrayElem !== 0x4c || d.tagArrays) return Q_NO;
    if (lim - p < 4) return Q_CUT;
    const n = (b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!;
    if (n < 0 || n > 64 || n > this.opts.maxArrayLength) return Q_NO;
    p += 4;
    if (this.nh + 1 + n > this.maxHandles) return Q_NO;
    const arr = new Array<JavaValue>(n);
    // The array's handle comes before its strings': a placeholder now, the array once it is read.
    // A row that turns out cut or unusual is taken back off the table (rare: once per chunk).
    const hi = this.nh++;
    handles[hi] = null;
    const end = this.rowElements(arr, 0, p);
    if (end === E_CUT) return this.pend(arr, this.cutIndex, hi, this.cutAt - this.pos + 1, d);
    if (end === E_NO) return this.unquick(hi, Q_NO);
    p = end;
    handles[hi] = arr;
    this.pos = p;
    this.out.value(arr, off);
    return Q_DONE;
  }

  /**
   * Reads a String[] row's elements `i`.. from the chunk at `p`: strings, references to strings,
   * nulls, their handles added. Returns where the row ends, or E_CUT (the chunk ends in element
   * cutIndex, which starts at cutAt) or E_NO (an element the quick path leaves to the general one).
   */
  private rowElements(arr: JavaValue[], i: number, p: number): number {
    const b = this.buf;
    const lim = this.lim;
    const handles = this.handles;
    const maxStr = this.opts.maxStringLength;
    const n = arr.length;
    let nh = this.nh; // in a local for the loop; stored back on every way out
    let end = p;
    for (; i < n; i++) {
      if (p >= lim) {
        end = this.cut(i, p);
        break;
      }
      const t = b[p]!;
      if (t === TC_STRING) {
        if (lim - p < 3) {
          end = this.cut(i, p);
          break;
        }
        const len = (b[p + 1]! << 8) | b[p + 2]!;
        if (len > maxStr) {
          end = E_NO;
          break;
        }
        if (lim - p - 3 < len) {
          end = this.cut(i, p);
          break;
        }
        const s = decodeMutf8(b, p + 3, p + 3 + len);
        if (lastMutf8Issue !== null) {
          end = E_NO;
          break;
        }
        arr[i] = s;
        handles[nh++] = s;
        p += 3 + len;
      } else if (t === TC_REFERENCE) {
        if (lim - p < 5) {
          end = this.cut(i, p);
          break;
        }
        const idx = ((b[p + 1]! << 24) | (b[p + 2]! << 16) | (b[p + 3]! << 8) | b[p + 4]!) - BASE_WIRE_HANDLE;
        const v = idx >= 0 && idx < nh ? handles[idx] : undefined;
        if (typeof v !== 'string') {
          end = E_NO;
          break;
        }
        arr[i] = v;
        p += 5;
      } else if (t === TC_NULL) {
        arr[i] = null;
        p++;
      } else {
        end = E_NO;
        break;
      }
      end = p;
    }
    this.nh = nh;
    return end;
  }

  /** rowElements' E_CUT, with where the cut element is. */
  private cut(i: number, p: number): number {
    this.cutIndex = i;
    this.cutAt = p;
    return E_CUT;
  }

  /** Takes a row that quickValue could not finish back off the handle table. */
  private unquick(hi: number, answer: number): number {
    this.nh = hi; // what was above stays unreachable (every lookup checks nh) until overwritten
    return answer;
  }

  /**
   * A row cut by the chunk end at element `i` (starting `at` bytes into the row): its elements so
   * far stay read, with their handles, for resumeRow to finish once the row's bytes are stashed.
   * If they are not (see stepTop), dropPending takes them back and the general path reads the row.
   */
  private pend(arr: JavaValue[], i: number, hi: number, at: number, d: ClassDesc): number {
    this.pendRow = arr;
    this.pendNext = i;
    this.pendHandle = hi;
    this.pendAt = at;
    this.pendDesc = d;
    return Q_CUT;
  }

  private dropPending(): void {
    if (this.pendRow === null) return;
    this.unquick(this.pendHandle, Q_CUT);
    this.pendRow = null;
  }

  /**
   * At the start of a chunk: finishes the row whose first elements pend() kept. Only the element
   * the cut fell in waits in the stash, where the chunk's first bytes complete it; the rest is read
   * straight from the chunk, so a cut costs no more than that element's copy. A row that does not
   * end in this chunk, or turns out unusual, goes on in the general path (pendToGeneral).
   */
  private resumeRow(): void {
    const arr = this.pendRow!;
    const hi = this.pendHandle;
    const handles = this.handles;
    const s = this.stash;
    const tail = this.stashLen;
    const b = this.buf;
    const lim = this.lim;
    const nh = this.nh;
    const next = this.pendNext;
    const from = this.pos; // 0, or past a row head that unstashRowHead completed
    let i = next;
    let p = from;
    if (tail > 0) {
      // The element the cut fell in: a string or a reference (quickValue checked its type code).
      const t = s[0]!;
      let have = tail;
      let size = 5;
      if (t === TC_STRING) {
        for (; have < 3 && p < lim; have++, p++) s[tail + p - from] = b[p]!; // the rest of its length
        if (have < 3) return this.pendToGeneral(nh, next, from);
        const len = (s[1]! << 8) | s[2]!;
        if (len > this.opts.maxStringLength) return this.pendToGeneral(nh, next, from);
        size = 3 + len;
      }
      const rest = size - have;
      if (rest > lim - p || size > s.length) return this.pendToGeneral(nh, next, from);
      copyBytes(b, p, p + rest, s, tail + p - from);
      p += rest;
      let v: unknown;
      if (t === TC_STRING) {
        v = decodeMutf8Through(s, this.stashView, 3, size);
        if (lastMutf8Issue !== null) return this.pendToGeneral(nh, next, from);
        handles[this.nh++] = v;
      } else {
        const idx = ((s[1]! << 24) | (s[2]! << 16) | (s[3]! << 8) | s[4]!) - BASE_WIRE_HANDLE;
        v = idx >= 0 && idx < this.nh ? handles[idx] : undefined;
        if (typeof v !== 'string') return this.pendToGeneral(nh, next, from);
      }
      arr[i++] = v as JavaValue;
    }
    // The elements after it, as quickValue reads them.
    p = this.rowElements(arr, i, p);
    if (p < 0) return this.pendToGeneral(nh, next, from);
    this.pendRow = null;
    handles[hi] = arr;
    this.stashLen = 0;
    this.pos = p;
    this.out.value(arr, this.stashBase - this.pendAt);
  }

  /**
   * The pending row goes on in the general path: an array frame takes over its elements read before
   * the cut (element `next` on, handles above `nh` taken back), and reads the cut element from the
   * stash, then the rest from the chunk (or reports the row cut if the stream ends), exactly as if
   * it had read the row from its start. The chunk's bytes before `from` belong to the row's head
   * (see unstashRowHead).
   */
  private pendToGeneral(nh: number, next: number, from = 0): void {
    const arr = this.pendRow!;
    this.pendRow = null;
    this.nh = nh;
    this.handles[this.pendHandle] = arr; // as the general path's own array frame has it
    const top = this.stack[0]!;
    top.phase = T_WAIT;
    top.flag = false;
    const start = this.stashBase - this.pendAt;
    this.valueStart = start;
    const f = this.push(K_ARRAY, start)!; // quickValue took the row only with maxDepth >= 2
    f.desc = this.pendDesc;
    f.aux = 0x4c;
    f.n = arr.length;
    f.i = next;
    f.value = arr;
    f.handle = this.pendHandle;
    f.gen = this.gen;
    f.phase = A_OBJ;
    const tail = this.stashLen;
    this.stashLen = 0;
    this.pos = from;
    this.pushBack(Buffer.from(this.stash.subarray(0, tail)), this.stashBase);
  }

  private stepRef(f: Frame): number {
    if (!this.ensure(4)) return NEED;
    const h = int32At(this.rb, this.rp);
    this.sp--;
    this.refValue(h, f.start, f.flag);
    return GO;
  }

  private stepString(f: Frame): number {
    for (;;) {
      switch (f.phase) {
        case S_LEN16:
          if (!this.ensure(2)) return NEED;
          f.n = uint16At(this.rb, this.rp);
          if (f.n > this.opts.maxStringLength) {
            return this.fail('STRING_LIMIT', `string of ${f.n} bytes exceeds maxStringLength ${this.opts.maxStringLength}`, f.start);
          }
          f.phase = S_BYTES;
          continue;
        case S_LEN64: {
          if (!this.ensure(8)) return NEED;
          const hi = uint32At(this.rb, this.rp);
          const lo = uint32At(this.rb, this.rp + 4);
          if (hi !== 0 || lo > this.opts.maxStringLength || lo > this.opts.maxBufferedBytes) {
            const len = hi * 4294967296 + lo;
            return this.fail('STRING_LIMIT', `long string of ${len} bytes exceeds maxStringLength ${this.opts.maxStringLength}`, f.start);
          }
          f.n = lo;
          f.phase = S_BYTES;
          continue;
        }
        case S_BYTES: {
          const b = this.bulk(f);
          if (b === null) return NEED;
          const bytesAt = this.base + this.pos - f.n;
          const s = decodeMutf8(b, this.rp, this.rp + f.n);
          if (lastMutf8Issue !== null) {
            const issue = lastMutf8Issue;
            const at = bytesAt + issue.at;
            if (issue.kind === 'malformed') this.warn('MUTF8_MALFORMED', 'malformed modified UTF-8 (replaced by U+FFFD; the JDK rejects it)', at);
            else this.warn('MUTF8_OVERLONG', 'non-canonical modified UTF-8 (overlong form or raw NUL), decoded as the JDK does', at);
          }
          if (f.flag) {
            const h = this.assign(s);
            if (this.tr) {
              const text = JSON.stringify(s.length > 200 ? `${s.slice(0, 200)}...` : s);
              // At the depth of the element it is (the string's own frame is one deeper).
              this.tr({ offset: f.start, depth: this.sp - 2, text: `${f.aux === 1 ? 'TC_LONGSTRING' : 'TC_STRING'} ${text} ${this.handleText(h)}` });
            }
          }
          return this.pop(s);
        }
        default:
          return this.fail('INTERNAL', 'bad string phase', f.start);
      }
    }
  }

  private readPrim(code: number, b: Buffer, p: number): JavaValue {
    switch (code) {
      case 0x42: return (b[p]! << 24) >> 24;
      case 0x5a: return b[p] !== 0;
      case 0x43: return String.fromCharCode((b[p]! << 8) | b[p + 1]!);
      case 0x53: return (((b[p]! << 8) | b[p + 1]!) << 16) >> 16;
      case 0x49: return int32At(b, p);
      case 0x46: return b.readFloatBE(p);
      case 0x4a: return makeLong(int32At(b, p), uint32At(b, p + 4));
      case 0x44: return b.readDoubleBE(p);
      default: return null;
    }
  }

  private stepObject(f: Frame): number {
    for (;;) {
      switch (f.phase) {
        case O_DESC: {
          if (this.pos >= this.lim) return NEED;
          const off = this.base + this.pos;
          const tc = this.buf[this.pos++]!;
          f.phase = O_DESC_WAIT;
          if (this.beginDesc(tc, off) !== VALUE) return GO;
          continue;
        }
        case O_DESC_WAIT: {
          const d = this.ret;
          if (d instanceof ClassDesc) {
            const chain = d.chain();
            if (chain === null || (d.externalizable && !d.blockData)) {
              if (chain !== null) {
                // PROTOCOL_VERSION_1 external data has no framing: only the class knows its layout.
                // Its leading raw bytes are inferred like those of an unknown class; objects in it
                // follow as separate values. Handle numbers are uncertain from here on.
                this.warn(
                  'EXTERNALIZABLE_V1',
                  `external data of ${d.name} written with PROTOCOL_VERSION_1 (no block data): its layout is known only to the class; read as unreadable bytes, objects in it follow as separate values`,
                  f.start,
                );
                this.dropHandles();
              }
              f.desc = d;
              f.aux = -1;
              f.phase = O_INFER;
              f.i = 0;
              f.n = 0;
              this.laLen = 0;
              continue;
            }
            if (d.boxCode !== 0) {
              // Integer, Long, ...: one primitive after the descriptor; no builder needed.
              f.desc = d;
              f.handle = this.assign(null);
              f.gen = this.gen;
              f.phase = O_BOXED;
              continue;
            }
            const builder = new JavaObject(d.name);
            const ph = d.kind === JdkKind.None ? builder : placeholderFor(d.kind, d.name, builder);
            f.desc = d;
            f.builder = builder;
            f.value = ph;
            f.chain = chain;
            f.handle = this.assign(ph);
            f.gen = this.gen;
            if (this.tr) this.trace(f.start, `object of ${d.name} ${this.handleText(f.handle)}`);
            f.n = 0;
            f.phase = O_CLASS;
            continue;
          }
          if (d instanceof Unresolved) {
            // Mid-stream: the class descriptor was written before we joined.
            f.desc = null;
            f.aux = d.handle;
            f.phase = O_INFER;
            f.i = 0;
            f.n = 0;
            this.laLen = 0;
            continue;
          }
          return this.fail('BAD_CLASSDESC', 'TC_OBJECT without a class descriptor', f.start);
        }
        case O_CLASS: {
          const chain = f.chain!;
          if (f.n >= chain.length) {
            const d = f.desc!;
            const v = d.kind === JdkKind.None ? f.builder! : finishJdkObject(d.kind, f.builder!, f.value as JavaValue);
            this.setHandle(f, v);
            return this.pop(v);
          }
          if (f.desc!.externalizable) {
            // Externalizable: writeExternal's data as block data + objects up to TC_ENDBLOCKDATA.
            f.n = chain.length - 1;
            f.phase = O_ANNOT;
            continue;
          }
          if (!chain[f.n]!.serializable) {
            f.n++;
            continue;
          }
          f.i = 0;
          f.phase = O_PRIM;
          continue;
        }
        case O_PRIM: {
          const c = f.chain![f.n]!;
          const prims = c.prims;
          const builder = f.builder!;
          const keys = f.desc!.primKeys[f.n]!;
          while (f.i < prims.length) {
            const fd = prims[f.i]!;
            if (!this.ensure(fd.size)) return NEED;
            builder.set(keys[f.i]!, this.readPrim(fd.typeCode, this.rb, this.rp));
            f.i++;
          }
          f.i = 0;
          f.phase = O_OBJ;
          continue;
        }
        case O_OBJ: {
          const c = f.chain![f.n]!;
          if (f.i >= c.objs.length) {
            if (c.writeMethod) {
              f.phase = O_ANNOT;
            } else {
              f.n++;
              f.phase = O_CLASS;
            }
            continue;
          }
          if (this.pos >= this.lim) return NEED;
          const off = this.base + this.pos;
          const tc = this.buf[this.pos++]!;
          if (this.tr) this.trace(off, `field ${c.objs[f.i]!.name}:`);
          f.phase = O_OBJ_WAIT;
          if (this.beginContent(tc, off) !== VALUE) return GO;
          continue;
        }
        case O_OBJ_WAIT: {
          f.builder!.set(f.desc!.objKeys[f.n]![f.i]!, this.ret as JavaValue);
          f.i++;
          f.phase = O_OBJ;
          continue;
        }
        case O_ANNOT: {
          const a = this.push(K_ANNOT, this.base + this.pos);
          if (a === null) return GO;
          a.value = [];
          f.phase = O_ANNOT_WAIT;
          return GO;
        }
        case O_ANNOT_WAIT: {
          const items = this.ret as AnnotationItem[];
          if (items.length > 0) {
            const b = f.builder!;
            if (b.annotations === null) b.annotations = Object.create(null) as Record<string, AnnotationItem[]>;
            b.annotations[f.chain![f.n]!.name] = items;
          }
          f.n++;
          f.phase = O_CLASS;
          continue;
        }
        case O_INFER:
          return this.stepInfer(f);
        case O_BOXED: {
          const code = f.desc!.boxCode;
          if (!this.ensure(code === 0x4a || code === 0x44 ? 8 : code === 0x49 || code === 0x46 ? 4 : code === 0x43 || code === 0x53 ? 2 : 1)) return NEED;
          const v = this.readPrim(code, this.rb, this.rp);
          this.setHandle(f, v);
          if (this.tr) this.trace(f.start, `${f.desc!.name} ${String(v)} ${this.handleText(f.handle)}`);
          return this.pop(v);
        }
        default:
          return this.fail('INTERNAL', 'bad object phase', f.start);
      }
    }
  }

  /**
   * An object whose class layout is unknown (mid-stream): its primitive data is taken to run up to
   * the first place where a value plausibly starts (or the length learned from earlier objects of
   * the same class handle, if a value plausibly starts there).
   */
  private stepInfer(f: Frame): number {
    const classHandle = f.desc === null ? f.aux : -1;
    const learnedN = classHandle >= 0 ? this.learned.get(classHandle) : undefined;
    for (;;) {
      let n = -1;
      let waiting = false;
      if (learnedN !== undefined && !f.flag) {
        this.fillLookahead(learnedN + 2 * LOOKAHEAD);
        const r = plausibleAt(this.la, learnedN, this.laLen, this.ending, this.opts.maxArrayLength);
        // At the stream's end plausibleAt takes any position at or past the last byte as a value's
        // end; past it is no length at all: the data would take stale look-ahead bytes.
        if (r === YES && learnedN <= this.laLen) n = learnedN;
        else if (r === NEED_MORE) waiting = true;
        else f.flag = true;
      }
      if (n < 0 && !waiting) {
        this.fillLookahead(f.i + 2 * LOOKAHEAD);
        while (f.i < this.laLen && f.i <= INFER_MAX) {
          const r = plausibleAt(this.la, f.i, this.laLen, this.ending, this.opts.maxArrayLength);
          if (r === YES) {
            n = f.i;
            break;
          }
          if (r === NEED_MORE) break;
          f.i++;
        }
        if (n < 0 && f.i >= this.laLen && this.ending) n = this.laLen;
        if (n < 0 && f.i > INFER_MAX) {
          const rest = Buffer.from(this.la.subarray(0, this.laLen));
          const at = this.laBase;
          this.fail('UNKNOWN_LAYOUT', `object of unknown class ${this.className(f)}: no value follows within ${INFER_MAX} bytes`, f.start);
          this.pushBack(rest, at);
          return GO;
        }
      }
      if (n >= 0) {
        const data = new Uint8Array(this.la.subarray(0, n));
        const rest = Buffer.from(this.la.subarray(n, this.laLen));
        const at = this.laBase + n;
        this.laLen = 0;
        if (classHandle >= 0) this.learned.set(classHandle, n);
        if (this.tr) this.trace(f.start, `object of unknown class ${this.className(f)}: inferred ${n} bytes of data`);
        this.pushBack(rest, at);
        return this.pop(new InferredObject(classHandle, f.desc === null ? null : f.desc.name, data));
      }
      if (this.pos >= this.lim) return NEED;
    }
  }

  private className(f: Frame): string {
    return f.desc !== null ? f.desc.name : `at handle 0x${(f.aux >>> 0).toString(16)}`;
  }

  private stepArray(f: Frame): number {
    for (;;) {
      switch (f.phase) {
        case A_DESC: {
          if (this.pos >= this.lim) return NEED;
          const off = this.base + this.pos;
          const tc = this.buf[this.pos++]!;
          f.phase = A_DESC_WAIT;
          if (this.beginDesc(tc, off) !== VALUE) return GO;
          continue;
        }
        case A_DESC_WAIT: {
          const d = this.ret;
          if (d instanceof ClassDesc) {
            if (d.arrayElem === 0) return this.fail('BAD_CLASSDESC', `TC_ARRAY with class ${d.name}, not a valid array class`, f.start);
            f.desc = d;
            f.aux = d.arrayElem;
          } else if (d instanceof Unresolved) {
            f.desc = null;
            f.aux = 0; // element type decided by peeking at the first element
          } else {
            return this.fail('BAD_CLASSDESC', 'TC_ARRAY without a class descriptor', f.start);
          }
          f.phase = A_LEN;
          continue;
        }
        case A_LEN: {
          if (!this.ensure(4)) return NEED;
          const lb = this.rb;
          const lp = this.rp;
          const n = int32At(lb, lp);
          if (n < 0) return this.fail('BAD_ARRAY_LENGTH', `negative array length ${n}`, f.start);
          if (n > this.opts.maxArrayLength) {
            return this.fail('ARRAY_LIMIT', `array of ${n} elements exceeds maxArrayLength ${this.opts.maxArrayLength}`, f.start);
          }
          f.n = n;
          f.i = 0;
          // Small arrays get their exact size at once (less memory for millions of rows); a big
          // length is only trusted element by element as they arrive.
          const arr: JavaArray = n <= 64 ? new Array<JavaValue>(n) : [];
          // The class name is kept for cycle reports; arrays that cannot hold themselves (primitive
          // arrays, String[]) skip it, which keeps rows small.
          if (f.desc !== null && f.desc.tagArrays) arr[JAVA_CLASS] = f.desc.name;
          f.value = arr;
          f.handle = this.assign(arr);
          f.gen = this.gen;
          if (this.tr) this.trace(f.start, `array ${f.desc !== null ? f.desc.name : '(unknown class)'} length ${n} ${this.handleText(f.handle)}`);
          if (f.aux === 0 && n > 0) f.phase = A_PEEK;
          else f.phase = f.aux === 0x4c || f.aux === 0 ? A_OBJ : A_PRIM;
          continue;
        }
        case A_PEEK: {
          if (this.pos >= this.lim) {
            if (this.ending) return this.fail('TRUNCATED', 'the stream ended inside an array', f.start);
            return NEED;
          }
          if (!isContentCode(this.buf[this.pos]!)) {
            return this.fail('UNKNOWN_LAYOUT', 'array of an unknown class whose elements are not objects (primitive array?)', f.start);
          }
          f.aux = 0x4c;
          f.phase = A_OBJ;
          continue;
        }
        case A_PRIM: {
          const arr = f.value as JavaValue[];
          const code = f.aux;
          const size = code === 0x42 || code === 0x5a ? 1 : code === 0x43 || code === 0x53 ? 2 : code === 0x49 || code === 0x46 ? 4 : 8;
          while (f.i < f.n) {
            if (this.carryLen === 0) {
              // Whole elements available in this chunk: read them in a tight loop.
              let p = this.pos;
              const b = this.buf;
              let k = Math.min(f.n - f.i, ((this.lim - p) / size) | 0);
              f.i += k;
              const small = f.n <= 64;
              let at = f.i - k;
              while (k-- > 0) {
                if (small) arr[at++] = this.readPrim(code, b, p);
                else arr.push(this.readPrim(code, b, p));
                p += size;
              }
              this.pos = p;
              if (f.i >= f.n) break;
            }
            if (!this.ensure(size)) return NEED;
            if (f.n <= 64) arr[f.i] = this.readPrim(code, this.rb, this.rp);
            else arr.push(this.readPrim(code, this.rb, this.rp));
            f.i++;
          }
          return this.finishArray(f);
        }
        case A_OBJ: {
          const arr = f.value as JavaValue[];
          while (f.i < f.n) {
            if (this.pos >= this.lim) return NEED;
            const off = this.base + this.pos;
            const tc = this.buf[this.pos++]!;
            if (tc === TC_STRING && this.fast && this.carryLen === 0 && this.lim - this.pos >= 2) {
              // The common element (a row's field): decoded right here.
              const p = this.pos;
              const n = uint16At(this.buf, p);
              if (this.lim - p - 2 >= n && n <= this.opts.maxStringLength) {
                const s = decodeMutf8(this.buf, p + 2, p + 2 + n);
                this.pos = p + 2 + n;
                if (lastMutf8Issue !== null) this.utfIssue(p + 2);
                if (this.known) this.assign(s);
                if (f.n <= 64) arr[f.i] = s;
                else arr.push(s);
                f.i++;
                continue;
              }
            }
            if (tc === TC_REFERENCE && this.known && this.fast && this.carryLen === 0 && this.lim - this.pos >= 4) {
              // A shared string (club, age group): straight from the handle table.
              const b = this.buf;
              const p = this.pos;
              const idx = int32At(b, p) - BASE_WIRE_HANDLE;
              const v = idx >= 0 && idx < this.nh ? this.handles[idx] : undefined;
              if (typeof v === 'string') {
                this.pos = p + 4;
                if (f.n <= 64) arr[f.i] = v;
                else arr.push(v);
                f.i++;
                continue;
              }
            }
            f.phase = A_OBJ_WAIT;
            if (this.beginContent(tc, off) !== VALUE) return GO;
            f.phase = A_OBJ;
            if (f.n <= 64) arr[f.i] = this.ret as JavaValue;
            else arr.push(this.ret as JavaValue);
            f.i++;
          }
          return this.finishArray(f);
        }
        case A_OBJ_WAIT:
          if (f.n <= 64) (f.value as JavaValue[])[f.i] = this.ret as JavaValue;
          else (f.value as JavaValue[]).push(this.ret as JavaValue);
          f.i++;
          f.phase = A_OBJ;
          continue;
        default:
          return this.fail('INTERNAL', 'bad array phase', f.start);
      }
    }
  }

  private finishArray(f: Frame): number {
    return this.pop(f.value);
  }

  private stepClassOrEnum(f: Frame): number {
    for (;;) {
      switch (f.phase) {
        case D_DESC: {
          if (this.pos >= this.lim) return NEED;
          const off = this.base + this.pos;
          const tc = this.buf[this.pos++]!;
          f.phase = D_DESC_WAIT;
          if (this.beginDesc(tc, off) !== VALUE) return GO;
          continue;
        }
        case D_DESC_WAIT: {
          const d = this.ret;
          let name: string | null;
          if (d instanceof ClassDesc) name = d.name;
          else if (d instanceof Unresolved) name = null;
          else return this.fail('BAD_CLASSDESC', `${f.kind === K_ENUM ? 'TC_ENUM' : 'TC_CLASS'} without a class descriptor`, f.start);
          if (f.kind === K_CLASS) {
            const v = new JavaClassRef(name);
            const h = this.assign(v);
            if (this.tr) this.trace(f.start, `class ${name ?? '(unknown)'} ${this.handleText(h)}`);
            return this.pop(v);
          }
          f.str = name;
          f.handle = this.assign(null);
          f.gen = this.gen;
          f.phase = D_NAME;
          continue;
        }
        case D_NAME: {
          if (this.pos >= this.lim) return NEED;
          const off = this.base + this.pos;
          const tc = this.buf[this.pos++]!;
          if (tc !== TC_STRING && tc !== TC_LONGSTRING && tc !== TC_REFERENCE) {
            return this.fail('BAD_ENUM', `enum constant name expected, found type code 0x${tc.toString(16)}`, off);
          }
          f.phase = D_NAME_WAIT;
          if (this.beginContent(tc, off) !== VALUE) return GO;
          continue;
        }
        case D_NAME_WAIT: {
          const name = this.ret;
          if (typeof name !== 'string' && !(name instanceof Unresolved)) {
            return this.fail('BAD_ENUM', 'enum constant name is not a string', f.start);
          }
          const v = new JavaEnum(f.str, name);
          this.setHandle(f, v);
          if (this.tr) this.trace(f.start, `enum ${f.str ?? '(unknown)'}.${typeof name === 'string' ? name : '?'} ${this.handleText(f.handle)}`);
          return this.pop(v);
        }
        default:
          return this.fail('INTERNAL', 'bad enum phase', f.start);
      }
    }
  }

  private stepClassDesc(f: Frame): number {
    const d = f.desc!;
    for (;;) {
      switch (f.phase) {
        case CD_NAME: {
          f.phase = CD_NAME_WAIT;
          if (this.beginUtf(this.base + this.pos) !== VALUE) return GO;
          continue;
        }
        case CD_NAME_WAIT:
          d.name = this.ret as string;
          f.phase = CD_SUID;
          continue;
        case CD_SUID:
          if (!this.ensure(8)) return NEED;
          d.suidHi = int32At(this.rb, this.rp);
          d.suidLo = uint32At(this.rb, this.rp + 4);
          f.phase = CD_FLAGS;
          continue;
        case CD_FLAGS:
          if (!this.ensure(1)) return NEED;
          d.flags = this.rb[this.rp]!;
          f.phase = CD_NFIELDS;
          continue;
        case CD_NFIELDS:
          if (!this.ensure(2)) return NEED;
          f.n = uint16At(this.rb, this.rp);
          f.i = 0;
          if (this.tr) {
            this.trace(f.start, `class ${d.name} flags 0x${d.flags.toString(16).padStart(2, '0')} ${flagNames(d.flags)} fields ${f.n} ${this.handleText(f.handle)}`);
          }
          f.phase = CD_FIELD;
          continue;
        case CD_FIELD: {
          if (f.i >= f.n) {
            f.phase = CD_ANNOT;
            continue;
          }
          if (!this.ensure(1)) return NEED;
          const code = this.rb[this.rp]!;
          if (!isFieldTypeCode(code)) {
            return this.fail('BAD_FIELD_TYPE', `invalid field type code 0x${code.toString(16)} in class ${d.name}`, this.base + this.pos - 1);
          }
          f.aux = code;
          f.phase = CD_FNAME_WAIT;
          if (this.beginUtf(this.base + this.pos) !== VALUE) return GO;
          continue;
        }
        case CD_FNAME_WAIT: {
          f.str = this.ret as string;
          if (f.aux === 0x4c || f.aux === 0x5b) {
            f.phase = CD_FCLASS;
            continue;
          }
          d.fields.push(new FieldDesc(f.aux, f.str, null));
          if (this.tr) this.trace(f.start, `  field ${String.fromCharCode(f.aux)} ${f.str}`);
          f.i++;
          f.phase = CD_FIELD;
          continue;
        }
        case CD_FCLASS: {
          if (this.pos >= this.lim) return NEED;
          const off = this.base + this.pos;
          const tc = this.buf[this.pos++]!;
          if (tc !== TC_STRING && tc !== TC_LONGSTRING && tc !== TC_REFERENCE) {
            return this.fail('BAD_FIELD_TYPE', `field type name expected, found type code 0x${tc.toString(16)}`, off);
          }
          f.phase = CD_FCLASS_WAIT;
          if (this.beginContent(tc, off) !== VALUE) return GO;
          continue;
        }
        case CD_FCLASS_WAIT: {
          const t = this.ret;
          d.fields.push(new FieldDesc(f.aux, f.str!, typeof t === 'string' ? t : null));
          if (this.tr) this.trace(f.start, `  field ${String.fromCharCode(f.aux)} ${f.str} ${typeof t === 'string' ? t : '(unresolved type)'}`);
          f.i++;
          f.phase = CD_FIELD;
          continue;
        }
        case CD_ANNOT: {
          const a = this.push(K_ANNOT, this.base + this.pos);
          if (a === null) return GO;
          a.value = null; // class annotations are read and dropped
          f.phase = CD_ANNOT_WAIT;
          return GO;
        }
        case CD_ANNOT_WAIT:
          f.phase = CD_SUPER;
          continue;
        case CD_SUPER: {
          if (this.pos >= this.lim) return NEED;
          const off = this.base + this.pos;
          const tc = this.buf[this.pos++]!;
          f.phase = CD_SUPER_WAIT;
          if (this.beginDesc(tc, off) !== VALUE) return GO;
          continue;
        }
        case CD_SUPER_WAIT:
          return this.finishDesc(f, d);
        default:
          return this.fail('INTERNAL', 'bad classdesc phase', f.start);
      }
    }
  }

  private finishDesc(f: Frame, d: ClassDesc): number {
    const s = this.ret;
    if (s !== null && !(s instanceof ClassDesc) && !(s instanceof Unresolved)) {
      return this.fail('BAD_CLASSDESC', `superclass of ${d.name} is not a class descriptor`, f.start);
    }
    d.superDesc = s;
    d.finish();
    // A descriptor read where a value was expected (readObject returning an ObjectStreamClass).
    return this.pop(f.flag ? new JavaClassDescValue(d.name) : d);
  }

  private stepProxyDesc(f: Frame): number {
    const d = f.desc!;
    for (;;) {
      switch (f.phase) {
        case P_COUNT: {
          if (!this.ensure(4)) return NEED;
          const n = int32At(this.rb, this.rp);
          if (n < 0 || n > 65535) return this.fail('BAD_PROXY', `proxy class with ${n} interfaces`, f.start);
          f.n = n;
          f.i = 0;
          f.phase = P_IFACE;
          continue;
        }
        case P_IFACE:
          if (f.i >= f.n) {
            // Its runtime name (jdk.proxyN.$ProxyM) is not in the stream: named by its interfaces instead.
            d.name = `$Proxy[${d.interfaces.join(',')}]`;
            if (this.tr) this.trace(f.start, `proxy class ${d.name} ${this.handleText(f.handle)}`);
            // Annotation and superclass follow as for a class descriptor.
            f.kind = K_CLASSDESC;
            f.phase = CD_ANNOT;
            return GO;
          }
          f.phase = P_IFACE_WAIT;
          if (this.beginUtf(this.base + this.pos) !== VALUE) return GO;
          continue;
        case P_IFACE_WAIT:
          d.interfaces.push(this.ret as string);
          f.i++;
          f.phase = P_IFACE;
          continue;
        default:
          return this.fail('INTERNAL', 'bad proxy phase', f.start);
      }
    }
  }

  private stepAnnotation(f: Frame): number {
    for (;;) {
      switch (f.phase) {
        case AN_ITEM: {
          if (this.pos >= this.lim) return NEED;
          const off = this.base + this.pos;
          const tc = this.buf[this.pos++]!;
          if (tc === TC_ENDBLOCKDATA) {
            if (this.tr) this.trace(off, 'TC_ENDBLOCKDATA');
            this.flushBlocks(f);
            return this.pop(f.value ?? []);
          }
          if (tc === TC_BLOCKDATA || tc === TC_BLOCKDATALONG) {
            if (this.tr) this.trace(off, typeCodeName(tc));
            const b = this.push(K_BLOCK, off);
            if (b === null) return GO;
            b.phase = tc === TC_BLOCKDATA ? B_LEN8 : B_LEN32;
            f.phase = AN_BLOCK_WAIT;
            return GO;
          }
          this.flushBlocks(f);
          f.phase = AN_OBJ_WAIT;
          if (this.beginContent(tc, off) !== VALUE) return GO;
          continue;
        }
        case AN_OBJ_WAIT:
          if (f.value !== null) (f.value as AnnotationItem[]).push(this.ret as JavaValue);
          f.phase = AN_ITEM;
          continue;
        case AN_BLOCK_WAIT: {
          const block = this.ret as JavaBlockData;
          f.got += block.bytes.length;
          if (f.got > this.opts.maxBufferedBytes) {
            return this.fail('BUFFER_LIMIT', `block data beyond maxBufferedBytes ${this.opts.maxBufferedBytes}`, f.start);
          }
          if (f.value !== null) {
            if (f.parts === null) f.parts = [];
            f.parts.push(block.bytes as Buffer);
          }
          f.phase = AN_ITEM;
          continue;
        }
        default:
          return this.fail('INTERNAL', 'bad annotation phase', f.start);
      }
    }
  }

  /** Consecutive block-data pieces become one item. */
  private flushBlocks(f: Frame): void {
    if (f.parts === null) return;
    const bytes = f.parts.length === 1 ? f.parts[0]! : Buffer.concat(f.parts);
    (f.value as AnnotationItem[]).push(new JavaBlockData(bytes));
    f.parts = null;
  }

  private stepBlock(f: Frame): number {
    for (;;) {
      switch (f.phase) {
        case B_LEN8:
          if (!this.ensure(1)) return NEED;
          f.n = this.rb[this.rp]!;
          f.phase = B_BYTES;
          continue;
        case B_LEN32: {
          if (!this.ensure(4)) return NEED;
          const n = int32At(this.rb, this.rp);
          if (n < 0) return this.fail('BAD_BLOCK_LENGTH', `negative block data length ${n}`, f.start);
          if (n > this.opts.maxBufferedBytes) {
            return this.fail('BUFFER_LIMIT', `block data of ${n} bytes exceeds maxBufferedBytes ${this.opts.maxBufferedBytes}`, f.start);
          }
          f.n = n;
          f.phase = B_BYTES;
          continue;
        }
        case B_BYTES: {
          const b = this.bulk(f);
          if (b === null) return NEED;
          const bytes = b === this.buf ? Buffer.from(b.subarray(this.rp, this.rp + f.n)) : b.subarray(this.rp, this.rp + f.n);
          if (this.tr) this.trace(f.start, `${f.n} bytes of block data`);
          return this.pop(new JavaBlockData(bytes));
        }
        default:
          return this.fail('INTERNAL', 'bad block phase', f.start);
      }
    }
  }

  private stepException(f: Frame): number {
    for (;;) {
      switch (f.phase) {
        case EX_OBJ: {
          if (this.pos >= this.lim) return NEED;
          const off = this.base + this.pos;
          const tc = this.buf[this.pos++]!;
          f.phase = EX_WAIT;
          if (this.beginContent(tc, off) !== VALUE) return GO;
          continue;
        }
        case EX_WAIT:
          this.resetHandles();
          return this.pop(new JavaException(this.ret as JavaValue));
        default:
          return this.fail('INTERNAL', 'bad exception phase', f.start);
      }
    }
  }
}

/** A short description of what a reference points at, for the trace. */
function describeTarget(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}...` : v);
  if (v instanceof ClassDesc) return `class ${v.name}`;
  if (v === null) return 'null';
  if (Array.isArray(v)) return `array[${v.length}]`;
  if (v instanceof JavaObject) return `object of ${v.className}`;
  if (typeof v === 'object') return (v as object).constructor.name;
  return String(v);
}

function flagNames(flags: number): string {
  const names: string[] = [];
  if (flags & 0x01) names.push('WRITE_METHOD');
  if (flags & 0x02) names.push('SERIALIZABLE');
  if (flags & 0x04) names.push('EXTERNALIZABLE');
  if (flags & 0x08) names.push('BLOCK_DATA');
  if (flags & 0x10) names.push('ENUM');
  return `[${names.join(' ')}]`;
}

/**
 * Copies src[from, to) to dst at `at`. For the few hundred bytes of a stash a loop beats
 * Buffer.copy, whose argument handling costs more than the copy (~0.5 us a call).
 */
function copyBytes(src: Uint8Array, from: number, to: number, dst: Uint8Array, at: number): void {
  for (let i = from; i < to; i++) dst[at++] = src[i]!;
}
