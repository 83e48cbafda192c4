/**
 * A tiny llama-architecture model in GGUF v3, made from nothing, for tests: no real weights can
 * be downloaded where the tests run, yet the CPU model path must run real llama.cpp inference.
 *
 * The model has 2 layers, 64-wide embeddings, 4 heads, a 128-wide feed-forward and a 4096-token
 * context, with F32 weights drawn from a fixed-seed generator (so every run writes the same
 * bytes). Its vocabulary is a SentencePiece ("llama") one: the control tokens, 256 byte tokens
 * (so any text tokenizes through byte fallback), printable ASCII and a few words. Its output is
 * nonsense by design. Plain JavaScript: the e2e setup and `npm run make:tiny-gguf` run it as is.
 */

/** GGUF metadata value types (gguf.h). */
const T = { UINT32: 4, INT32: 5, FLOAT32: 6, BOOL: 7, STRING: 8, ARRAY: 9 };
/** llama.cpp token types. */
const TOKEN = { NORMAL: 1, UNKNOWN: 2, CONTROL: 3, BYTE: 6 };
const GGML_F32 = 0;
const ALIGN = 32;

/** The chat template written into the file (ChatML, as Qwen's models use). */
export const TINY_CHAT_TEMPLATE =
  '{% for message in messages %}<|im_start|>{{ message.role }}\n{{ message.content }}<|im_end|>\n' +
  '{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}';

/** The tiny model's shape. */
export const TINY_SHAPE = { layers: 2, embd: 64, heads: 4, ff: 128, context: 4096 };

/** The vocabulary: control tokens, byte tokens, printable ASCII, a few words. */
function vocabulary() {
  /** @type {{ text: string, type: number }[]} */
  const tokens = [
    { text: '<unk>', type: TOKEN.UNKNOWN },
    { text: '<s>', type: TOKEN.CONTROL },
    { text: '</s>', type: TOKEN.CONTROL },
    { text: '<|im_start|>', type: TOKEN.CONTROL },
    { text: '<|im_end|>', type: TOKEN.CONTROL }
  ];
  for (let b = 0; b < 256; b++)
    tokens.push({
      text: `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`,
      type: TOKEN.BYTE
    });
  tokens.push({ text: '\u2581', type: TOKEN.NORMAL });
  for (let c = 33; c < 127; c++) tokens.push({ text: String.fromCharCode(c), type: TOKEN.NORMAL });
  for (const word of ['def', 'return', 'print', 'for', 'in', 'if', 'else', 'import', 'the'])
    tokens.push({ text: `\u2581${word}`, type: TOKEN.NORMAL });
  return tokens;
}

/**
 * A fixed-seed generator (mulberry32): the same weights on every run.
 * @param {number} seed
 */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Appends little-endian values to a growing byte list. */
class Writer {
  /** @type {Uint8Array[]} */
  parts = [];
  length = 0;
  /** @param {Uint8Array} bytes */
  bytes(bytes) {
    this.parts.push(bytes);
    this.length += bytes.length;
  }
  /** @param {number} n */
  u32(n) {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, n, true);
    this.bytes(b);
  }
  /** @param {number} n */
  i32(n) {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setInt32(0, n, true);
    this.bytes(b);
  }
  /** @param {number} n */
  u64(n) {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt(n), true);
    this.bytes(b);
  }
  /** @param {number} n */
  f32(n) {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, n, true);
    this.bytes(b);
  }
  /** @param {string} s */
  str(s) {
    const b = new TextEncoder().encode(s);
    this.u64(b.length);
    this.bytes(b);
  }
  pad() {
    const rest = this.length % ALIGN;
    if (rest) this.bytes(new Uint8Array(ALIGN - rest));
  }
  concat() {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

/**
 * The bytes of the tiny GGUF model. `architecture` names another one in its metadata (a test
 * of a model this build cannot run); the weights stay llama's.
 * @param {{ architecture?: string }} [options]
 * @returns {Uint8Array}
 */
export function tinyGguf({ architecture = 'llama' } = {}) {
  const { layers, embd, heads, ff, context } = TINY_SHAPE;
  const vocab = vocabulary();
  const rand = random(20);
  const one = () => 1;
  const wide = () => (rand() * 2 - 1) * 0.5;
  const narrow = () => (rand() * 2 - 1) * 0.05;

  /** @type {[string, number, (w: Writer) => void][]} */
  const kv = [];
  const u32 = (/** @type {string} */ k, /** @type {number} */ v) =>
    kv.push([k, T.UINT32, (w) => w.u32(v)]);
  const str = (/** @type {string} */ k, /** @type {string} */ v) =>
    kv.push([k, T.STRING, (w) => w.str(v)]);
  str('general.architecture', architecture);
  str('general.name', 'acl-tiny-test-model');
  u32('general.alignment', ALIGN);
  u32('llama.context_length', context);
  u32('llama.embedding_length', embd);
  u32('llama.block_count', layers);
  u32('llama.feed_forward_length', ff);
  u32('llama.attention.head_count', heads);
  u32('llama.attention.head_count_kv', heads);
  u32('llama.rope.dimension_count', embd / heads);
  u32('llama.vocab_size', vocab.length);
  kv.push(['llama.attention.layer_norm_rms_epsilon', T.FLOAT32, (w) => w.f32(1e-5)]);
  str('tokenizer.ggml.model', 'llama');
  kv.push([
    'tokenizer.ggml.tokens',
    T.ARRAY,
    (w) => {
      w.u32(T.STRING);
      w.u64(vocab.length);
      for (const t of vocab) w.str(t.text);
    }
  ]);
  kv.push([
    'tokenizer.ggml.scores',
    T.ARRAY,
    (w) => {
      w.u32(T.FLOAT32);
      w.u64(vocab.length);
      // Longer pieces score higher, so the tokenizer prefers words over letters.
      for (const t of vocab) w.f32(t.type === TOKEN.NORMAL ? -100 + t.text.length : 0);
    }
  ]);
  kv.push([
    'tokenizer.ggml.token_type',
    T.ARRAY,
    (w) => {
      w.u32(T.INT32);
      w.u64(vocab.length);
      for (const t of vocab) w.i32(t.type);
    }
  ]);
  u32('tokenizer.ggml.unknown_token_id', 0);
  u32('tokenizer.ggml.bos_token_id', 1);
  u32('tokenizer.ggml.eos_token_id', 4);
  kv.push(['tokenizer.ggml.add_bos_token', T.BOOL, (w) => w.bytes(new Uint8Array([0]))]);
  str('tokenizer.chat_template', TINY_CHAT_TEMPLATE);

  /** @type {{ name: string, dims: number[], fill: (i: number) => number }[]} */
  const tensors = [
    // Every token's embedding shares one large component (dimension 0), which the small layer
    // weights below leave standing, so the final hidden state always points along it.
    { name: 'token_embd.weight', dims: [embd, vocab.length], fill: (i) => (i % embd ? wide() : 4) },
    { name: 'output_norm.weight', dims: [embd], fill: one },
    // The output rows of control and byte tokens point against it: the model never ends its
    // reply by itself (it runs to max tokens, as a test of Stop needs) and writes only
    // printable text.
    {
      name: 'output.weight',
      dims: [embd, vocab.length],
      fill: (i) => {
        const token = vocab[Math.floor(i / embd)];
        if (token.type === TOKEN.NORMAL) return wide();
        return i % embd ? 0 : -20;
      }
    }
  ];
  for (let i = 0; i < layers; i++) {
    const b = `blk.${i}`;
    tensors.push(
      { name: `${b}.attn_norm.weight`, dims: [embd], fill: one },
      { name: `${b}.attn_q.weight`, dims: [embd, embd], fill: narrow },
      { name: `${b}.attn_k.weight`, dims: [embd, embd], fill: narrow },
      { name: `${b}.attn_v.weight`, dims: [embd, embd], fill: narrow },
      { name: `${b}.attn_output.weight`, dims: [embd, embd], fill: narrow },
      { name: `${b}.ffn_norm.weight`, dims: [embd], fill: one },
      { name: `${b}.ffn_gate.weight`, dims: [embd, ff], fill: narrow },
      { name: `${b}.ffn_up.weight`, dims: [embd, ff], fill: narrow },
      { name: `${b}.ffn_down.weight`, dims: [ff, embd], fill: narrow }
    );
  }

  const w = new Writer();
  w.bytes(new TextEncoder().encode('GGUF'));
  w.u32(3);
  w.u64(tensors.length);
  w.u64(kv.length);
  for (const [key, type, write] of kv) {
    w.str(key);
    w.u32(type);
    write(w);
  }
  let offset = 0;
  const sizes = tensors.map((t) => t.dims.reduce((a, b) => a * b, 1) * 4);
  tensors.forEach((t, i) => {
    w.str(t.name);
    w.u32(t.dims.length);
    for (const d of t.dims) w.u64(d);
    w.u32(GGML_F32);
    w.u64(offset);
    offset += Math.ceil(sizes[i] / ALIGN) * ALIGN;
  });
  w.pad();
  tensors.forEach((t, i) => {
    const values = new Float32Array(sizes[i] / 4);
    for (let j = 0; j < values.length; j++) values[j] = t.fill(j);
    w.bytes(new Uint8Array(values.buffer));
    w.pad();
  });
  return w.concat();
}
