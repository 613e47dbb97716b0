import { z } from 'zod';

// No generated code: zod's JIT probes `new Function` on first use, which the app's
// Content-Security-Policy refuses (scripts/csp.mjs). Imported first by every browser entry (main.tsx,
// the workers) so that it is set before any module parses anything; the interpreted parser is fast
// enough for configs.
z.config({ jitless: true });
