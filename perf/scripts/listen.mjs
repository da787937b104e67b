// An outside check on `ringcast bench`: shares none of its code. N sessions each speak one sentence K times
// back to back (the next speak when the last audio_end came), first speaks spread over 1 s. Per frame after the
// prefill: lateness against the utterance's best-fitting grid, (t - seq*frame_ms) - min over the utterance,
// from arrival times and from header stamps (bytes 12..19). Prints JSON, then one line of text.
// node listen.mjs --url ws://127.0.0.1:8080/v1/stream [--sessions 1] [--utterances 5] [--timeout-s 120]
import { WebSocket } from 'ws';

const args = process.argv.slice(2);
const opt = (k, d) => { const i = args.indexOf(k); return i >= 0 ? args[i + 1] : d; };
const URL = opt('--url', 'ws://127.0.0.1:8080/v1/stream'), N = +opt('--sessions', 1), K = +opt('--utterances', 5);
const TEXT = 'Hello there, how are you today?';
const now = () => Number(process.hrtime.bigint()); // CLOCK_MONOTONIC ns, exact below 2^53 (104 days of uptime)
const fal = [], lateArr = [], lateStamp = [], lens = [], out = { utterances: 0, steppedArr: 0, steppedStamp: 0, errors: 0, frames: 0, codes: {}, shedNotices: 0 };
let done = 0;

function finish(u, frameNs, prefill) { // one utterance's frames -> lateness against its best-fitting grid
  const paced = u.frames.filter((f) => f.seq >= prefill);
  if (!paced.length) return;
  for (const [key, sink, stepped] of [['arr', lateArr, 'steppedArr'], ['stamp', lateStamp, 'steppedStamp']]) {
    const off = paced.map((f) => f[key] - f.seq * frameNs), min = Math.min(...off);
    const late = off.map((o) => (o - min) / 1e6);
    sink.push(...late);
    if (Math.min(...late.slice(-5)) > 10) out[stepped]++; // the schedule stayed moved to the end (a caught-up late frame does not count)
  }
  out.utterances++;
}

function session(i) {
  return new Promise((opened) => {
    const ws = new WebSocket(URL), utts = new Map(), sentAt = new Map();
    let frameNs = 20e6, prefill = 3, spoken = 0;
    const speak = () => { const id = 'q' + spoken++; sentAt.set(id, now()); ws.send(JSON.stringify({ type: 'speak', id, text: TEXT })); };
    const over = () => { done++; if (spoken < K) speak(); };
    ws.on('message', (data, binary) => {
      const t = now();
      if (binary) {
        const u = utts.get(data.readUInt32BE(4)); out.frames++;
        if (!u) return;
        if (!u.frames.length) fal.push((t - u.sent) / 1e6);
        u.frames.push({ seq: data.readUInt32BE(8), arr: t, stamp: Number(data.readBigUInt64BE(12)) });
        return;
      }
      const m = JSON.parse(data.toString());
      if (m.type === 'ready') { frameNs = (m.frame_ms || 20) * 1e6; prefill = m.prefill_frames ?? 3; ws.start = () => speak(); opened(ws); }
      else if (m.type === 'audio_start') utts.set(m.utterance, { sent: sentAt.get(m.id), frames: [] });
      else if (m.type === 'audio_end') { const u = utts.get(m.utterance); if (u) { lens.push(u.frames.length); finish(u, frameNs, prefill); } utts.delete(m.utterance); over(); }
      else if (m.type === 'backpressure' && m.level === 'critical') out.shedNotices++;
      else if (m.type === 'error') { out.errors++; out.codes[m.code] = (out.codes[m.code] || 0) + 1; if (!utts.size) over(); }
    });
    ws.on('error', () => { out.errors++; opened(null); });
  });
}

const pct = (a, p) => { if (!a.length) return null; const s = Float64Array.from(a).sort(); return +s[Math.max(0, Math.ceil(p / 100 * s.length) - 1)].toFixed(3); };
const sockets = [];
for (let i = 0; i < N; i += 50) sockets.push(...await Promise.all(Array.from({ length: Math.min(50, N - i) }, (_, j) => session(i + j))));
const open = sockets.filter(Boolean);
open.forEach((ws, i) => setTimeout(ws.start, 50 + (i * 1000) / open.length));
const deadline = Date.now() + 1000 * +opt('--timeout-s', K * 4 + 20);
while (done < open.length * K && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
const r = {
  url: URL, sessions: open.length, utterances_per_session: K, utterances: out.utterances, frames: out.frames, errors: out.errors, error_codes: out.codes,
  fal_ms: { p50: pct(fal, 50), p99: pct(fal, 99) },
  lateness_arrivals_ms: { p50: pct(lateArr, 50), p99: pct(lateArr, 99), max: pct(lateArr, 100) },
  lateness_stamps_ms: { p50: pct(lateStamp, 50), p99: pct(lateStamp, 99), max: pct(lateStamp, 100) },
  // every utterance is the same sentence: one with fewer frames than the longest lost some (shed, or cut)
  short_utterances: lens.filter((n) => n < Math.max(...lens)).length, critical_backpressure_notices: out.shedNotices,
  stepped_share_pct: { arrivals: +(100 * out.steppedArr / (out.utterances || 1)).toFixed(1), stamps: +(100 * out.steppedStamp / (out.utterances || 1)).toFixed(1) },
};
console.log(JSON.stringify(r));
console.log(`listen ${URL} sessions=${r.sessions} utterances=${r.utterances} FAL p50/p99=${r.fal_ms.p50}/${r.fal_ms.p99} ms`
  + ` lateness arrivals p50/p99/max=${r.lateness_arrivals_ms.p50}/${r.lateness_arrivals_ms.p99}/${r.lateness_arrivals_ms.max} ms`
  + ` stamps p50/p99/max=${r.lateness_stamps_ms.p50}/${r.lateness_stamps_ms.p99}/${r.lateness_stamps_ms.max} ms`
  + ` stepped>10ms arrivals/stamps=${r.stepped_share_pct.arrivals}/${r.stepped_share_pct.stamps}% errors=${r.errors} short utterances=${r.short_utterances}`);
open.forEach((ws) => ws.terminate());
process.exit(0);
