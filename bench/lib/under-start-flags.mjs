// Imported first by an in-process bench: re-runs it under `npm start`'s node flags when they are
// missing (bench/lib/start-flags.mjs), so that its garbage collector is the server's.
import { relaunchWithStartFlags } from './start-flags.mjs';

relaunchWithStartFlags();
