// A full garbage collection on demand, for measurements that must not pay for garbage left by
// whatever ran before them (the peak-heap samples, each timed turn of a comparison).
import v8 from 'node:v8';
import vm from 'node:vm';

v8.setFlagsFromString('--expose-gc');
export const gc = vm.runInNewContext('gc') as () => void;
