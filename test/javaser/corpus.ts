// Seed streams for the fuzz test: one of every grammar feature plus real and Winlaufen-like bytes.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  SC_BLOCK_DATA,
  SC_ENUM,
  SC_EXTERNALIZABLE,
  SC_SERIALIZABLE,
  SC_WRITE_METHOD,
  StreamBuilder,
  integerDesc,
  stringArrayDesc,
} from './stream-builder.js';

export const sampleFragment = readFileSync(fileURLToPath(new URL('../../../shared/samples/winlaufen-fragment.bin', import.meta.url)));

const S = () => new StreamBuilder().header();

export function seedStreams(): Buffer[] {
  const rows = S();
  rows.object(integerDesc, (x) => void x.i32(18));
  rows.array(stringArrayDesc, 3, (x) => void x.str('1').str('Club').str('RÄTZ'));
  for (let i = 0; i < 5; i++) {
    rows.object((x) => void x.ref(0), (x) => void x.i32(i));
    rows.array((x) => void x.ref(3), 3, (x) => void x.str(`${i}`).ref(6).ref(7));
    if (i === 2) rows.reset().str('after reset');
  }
  return [
    sampleFragment,
    rows.build(),
    S().str('abc').ref(0).longStr('long').build(),
    S()
      .object(
        (b) =>
          void b.classDesc('p.Custom', SC_SERIALIZABLE | SC_WRITE_METHOD, [{ code: 'I', name: 'n' }, { code: 'L', name: 'o', type: 'Ljava/lang/Object;' }], (s) =>
            void s.classDesc('p.Base', SC_SERIALIZABLE, [{ code: 'J', name: 'j' }, { code: 'D', name: 'd' }]),
          ),
        (b) => void b.i64(7n).f64(2.5).i32(9).str('obj').block([1, 2]).blockLong([3]).str('mid').endBlock(),
      )
      .build(),
    S().object((b) => void b.classDesc('p.Ext', SC_EXTERNALIZABLE | SC_BLOCK_DATA), (b) => void b.block([0, 0, 0, 5]).str('in').endBlock()).build(),
    S()
      .raw(0x7e)
      .classDesc('p.Color', SC_SERIALIZABLE | SC_ENUM, [], (s) => void s.classDesc('java.lang.Enum', SC_SERIALIZABLE | SC_ENUM))
      .str('RED')
      .raw(0x76)
      .ref(0)
      .build(),
    S()
      .array((b) => void b.classDesc('[Ljava.lang.Object;', SC_SERIALIZABLE), 3, (b) =>
        void b.array((d) => void d.classDesc('[I', SC_SERIALIZABLE), 2, (e) => void e.i32(4).i32(5)).ref(1).nul(),
      )
      .raw(0x7b)
      .object((b) => void b.classDesc('java.io.IOException', SC_SERIALIZABLE))
      .header()
      .str('x')
      .build(),
    S().raw(0x73, 0x7d).i32(1).utf('p.I').endBlock().classDesc('java.lang.reflect.Proxy', SC_SERIALIZABLE, [{ code: 'L', name: 'h' }]).nul().build(),
  ];
}
