// JSON Schemas of the messages: fast-json-stringify compiles its serializers from them, and
// docs/protocol.md describes the same shapes. (The decoders validate by hand in validate.ts so the
// browser does not need a schema compiler.)
const nullableString = { type: ['string', 'null'] } as const;
const nullableInteger = { type: ['integer', 'null'] } as const;

const rowProperties = {
  rank: nullableInteger,
  bib: { type: 'integer' },
  name: nullableString,
  club: nullableString,
  ageGroup: nullableString,
  time: nullableString,
  gap: nullableString,
  status: nullableString,
  nation: nullableString,
  year: nullableInteger,
  gender: nullableString,
} as const;

export const rowSchema = { type: 'object', properties: rowProperties, required: Object.keys(rowProperties) } as const;
export const rowPatchSchema = { type: 'object', properties: rowProperties, required: ['bib'] } as const;

const finisherSchema = {
  type: 'object',
  properties: { competition: { type: 'string' }, bib: { type: 'integer' } },
  required: ['competition', 'bib'],
} as const;

export const snapshotSchema = {
  type: 'object',
  properties: {
    type: { type: 'string', const: 'snapshot' },
    epoch: { type: 'string' },
    seq: { type: 'integer' },
    finisherLimit: { type: 'integer' },
    competitions: {
      type: 'array',
      items: {
        type: 'object',
        properties: { id: { type: 'string' }, name: nullableString, rows: { type: 'array', items: rowSchema } },
        required: ['id', 'name', 'rows'],
      },
    },
    finishers: { type: 'array', items: finisherSchema },
  },
  required: ['type', 'epoch', 'seq', 'finisherLimit', 'competitions', 'finishers'],
} as const;

export const deltaSchema = {
  type: 'object',
  properties: {
    type: { type: 'string', const: 'delta' },
    epoch: { type: 'string' },
    seq: { type: 'integer' },
    competitions: {
      type: 'array',
      items: {
        type: 'object',
        // `name` only when the competition is new or renamed.
        properties: { id: { type: 'string' }, name: nullableString, rows: { type: 'array', items: rowPatchSchema } },
        required: ['id', 'rows'],
      },
    },
    finishers: { type: 'array', items: finisherSchema },
  },
  required: ['type', 'epoch', 'seq', 'competitions', 'finishers'],
} as const;

export const helloSchema = {
  type: 'object',
  properties: { type: { type: 'string', const: 'hello' }, protocol: { type: 'integer' }, epoch: { type: 'string' }, seq: { type: 'integer' } },
  required: ['type', 'protocol', 'epoch', 'seq'],
} as const;

export const errorSchema = {
  type: 'object',
  properties: { type: { type: 'string', const: 'error' }, code: { type: 'string' }, message: { type: 'string' } },
  required: ['type', 'code', 'message'],
} as const;

export const subscribeSchema = {
  type: 'object',
  properties: {
    type: { type: 'string', const: 'subscribe' },
    competition: nullableString,
    encoding: { type: 'string', enum: ['json', 'msgpack'] },
    resume: {
      type: 'object',
      properties: { epoch: { type: 'string' }, seq: { type: 'integer' } },
      required: ['epoch', 'seq'],
    },
  },
  required: ['type', 'competition', 'encoding'],
} as const;
