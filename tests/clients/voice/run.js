// Proves the voice test server against an independent client: @discordjs/voice joins it over
// wss:// (certificate signed by a test CA made here), plays a 440 Hz tone, and the server must
// decrypt every packet, see continuous RTP and hear the tone, in each encryption mode; then the
// same with DAVE (--dave): the MLS handshake completes, the server's davey member decrypts every
// end-to-end encrypted frame, also across a further member joining and leaving mid-stream.
// Env: VOICE_TEST_SERVER (binary), MAKE_TEST_CERTS (script), GST_LAUNCH (gst-launch-1.0).
'use strict';
// @discordjs/voice 0.19 declares Node >= 22.12 and is known to run on 20; Debian 12's own Node 18
// (installed only where no Node came with the machine) is below what it supports: skip there.
if (Number(process.versions.node.split('.')[0]) < 20) {
  console.log(`skipped: @discordjs/voice needs Node >= 20, this is ${process.versions.node}`);
  process.exit(77);
}
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');
const assert = require('node:assert/strict');

const TONE_FRAMES = 150;  // 3 s of 20 ms frames

const CHANNEL = '222222222222222222';
const GUEST = '555555555555555555';  // the member that joins and leaves mid-stream

function startServer(certDir, modes, extra = []) {
  const child = spawn(process.env.VOICE_TEST_SERVER, [
    '--tls-cert', path.join(certDir, 'server.pem'), '--tls-key', path.join(certDir, 'server.key'),
    '--modes', modes.join(','), '--heartbeat-interval', '500', ...extra,
  ], { stdio: ['pipe', 'pipe', 'inherit'] });
  const events = [];
  const waiters = [];
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    const e = JSON.parse(line);
    events.push(e);
    for (const w of waiters.splice(0)) if (!w(e)) waiters.push(w);
  });
  const next = (name, match = () => true) => new Promise((resolve, reject) => {
    const wanted = (e) => e.event === name && !e.seen && match(e);
    const found = events.find(wanted);
    if (found) { found.seen = true; return resolve(found); }
    const timer = setTimeout(() => reject(new Error(`no ${name} event`)), 10_000);
    waiters.push((e) => {
      if (!wanted(e)) return false;
      e.seen = true; clearTimeout(timer); resolve(e); return true;
    });
  });
  return { child, events, next, send: (cmd) => child.stdin.write(cmd + '\n') };
}

function runClient(certDir, port, ogg) {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, [path.join(__dirname, 'client.js'), `127.0.0.1:${port}`, ogg],
      { stdio: 'inherit', env: { ...process.env, NODE_EXTRA_CA_CERTS: path.join(certDir, 'ca.pem') } });
    c.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`client exited ${code}`))));
  });
}

// While the tone plays, a further davey member joins (epoch 2) and leaves (epoch 3).
async function joinAndLeave(server) {
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  await server.next('dave_execute', (e) => e.epoch === 1);
  await sleep(500);
  server.send(`dave-member join ${GUEST}`);
  await server.next('dave_execute', (e) => e.epoch === 2);
  await sleep(500);
  server.send(`dave-member leave ${GUEST}`);
  await server.next('dave_execute', (e) => e.epoch === 3);
}

function checkDave(report, s) {
  const d = report.dave;
  assert.equal(s.dave_protocol_version, 1);
  assert.ok(d.established, 'MLS group established');
  assert.equal(d.epoch, 3, `epoch ${d.epoch}: join and leave each moved it on`);
  assert.equal(d.rejected, 0, 'no commit or key package rejected');
  assert.equal(d.invalid_commit_welcome, 0);
  assert.equal(d.leaf_mismatches, 0);
  assert.equal(d.transition_timeouts, 0, 'every member answered each transition');
  assert.equal(s.e2ee_failures, 0, `decrypt failures (${s.e2ee_last_error})`);
  assert.equal(s.e2ee_undecryptable, 0);
  assert.equal(s.plain_after_e2ee, 0, 'no unencrypted audio once encryption started');
  assert.equal(s.e2ee_decrypted, s.e2ee_frames);
  assert.ok(s.e2ee_decrypted >= TONE_FRAMES - 5, `${s.e2ee_decrypted} frames decrypted`);
}

async function checkMode(certDir, ogg, modes, expectedMode, dave = false) {
  const server = startServer(certDir, modes, dave ? ['--dave', '--dave-channel-id', CHANNEL] : []);
  try {
    const { port } = await server.next('listening');
    await Promise.all([runClient(certDir, port, ogg), dave ? joinAndLeave(server) : null]);
    const connect = await server.next('connect');
    assert.match(connect.query, /(^|&)v=8(&|$)/);
    const identify = await server.next('identify');
    assert.equal(identify.max_dave_protocol_version, 1);
    assert.equal(identify.guild_id, '111111111111111111');
    assert.equal(identify.user_id, '333333333333333333');
    assert.equal(identify.session_id, 'node-session');
    assert.equal(identify.token, 'node-token');
    assert.equal((await server.next('select_protocol')).mode, expectedMode);
    assert.equal((await server.next('speaking')).speaking, 1);
    const off = await server.next('speaking');
    assert.equal(off.speaking, 0);
    // Speaking 0 (TCP) and the last silence packet (UDP) race; the report below is exact.
    assert.ok(off.trailing_silence >= 3, `${off.trailing_silence} silence frames before Speaking 0`);
    server.send('report');
    const report = await server.next('report');
    assert.equal(report.decrypt_failures, 0);
    assert.equal(report.unknown_packets, 0);
    assert.equal(report.streams.length, 1);
    const s = report.streams[0];
    assert.equal(s.mode, expectedMode);
    assert.ok(s.audio_frames >= TONE_FRAMES - 2, `heard ${s.audio_frames} audio frames`);
    // @discordjs/voice prepares five silence frames at the end of a resource but goes Idle before
    // dispatching the last one (AudioPlayer._stepPrepare/_stepDispatch), so four arrive.
    assert.ok(s.silence_frames >= 4 && s.silence_frames <= 5, `${s.silence_frames} silence frames`);
    assert.equal(s.trailing_silence, s.silence_frames, 'silence frames come last');
    assert.equal(s.decode_failures, 0);
    assert.equal(s.sequence_missing, 0);
    assert.equal(s.sequence_errors, 0);
    assert.equal(s.timestamp_errors, 0);
    assert.ok(Math.abs(s.frequency_hz - 440) < 5, `tone at ${s.frequency_hz} Hz`);
    assert.ok(s.rms_dbfs > -20, `level ${s.rms_dbfs} dBFS`);
    if (dave) checkDave(report, s);
    else assert.equal(s.dave_protocol_version, 0);
    console.log(`${expectedMode}${dave ? ' + DAVE' : ''}: ${s.audio_frames} frames, ` +
      `${s.frequency_hz.toFixed(1)} Hz, max gap ${s.max_gap_ms.toFixed(1)} ms, ` +
      `jitter p99 ${s.interval_jitter_p99_ms.toFixed(2)} ms` +
      (dave ? `, e2ee ${s.e2ee_decrypted}/${s.e2ee_frames} decrypted, ${s.plain_frames} plain ` +
        `before the group, epoch ${report.dave.epoch}` : ''));
  } finally {
    server.child.stdin.end();
    await new Promise((r) => (server.child.exitCode !== null ? r() : server.child.on('exit', r)));
  }
}

async function main() {
  const member = path.join(__dirname, '../../voice-server/dave-member');
  for (const [dep, dir] of [['@discordjs/voice', __dirname], ['@noble/ciphers/chacha.js', __dirname],
    ['@snazzah/davey', member]]) {
    try { require.resolve(dep, { paths: [dir] }); } catch {
      throw new Error(`${dep} missing: run npm ci in ${dir} (scripts/test does)`);
    }
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lava-voice-node-'));
  try {
    execFileSync(process.env.MAKE_TEST_CERTS, [dir]);
    const ogg = path.join(dir, 'tone.ogg');
    execFileSync(process.env.GST_LAUNCH || 'gst-launch-1.0', ['-q',
      'audiotestsrc', 'wave=sine', 'freq=440', 'volume=0.5', `num-buffers=${TONE_FRAMES}`,
      'samplesperbuffer=960', '!', 'audio/x-raw,rate=48000,channels=2', '!',
      'opusenc', 'frame-size=20', '!', 'oggmux', '!', 'filesink', `location=${ogg}`]);
    await checkMode(dir, ogg, ['aead_aes256_gcm_rtpsize', 'aead_xchacha20_poly1305_rtpsize'],
      'aead_aes256_gcm_rtpsize');
    await checkMode(dir, ogg, ['aead_xchacha20_poly1305_rtpsize'], 'aead_xchacha20_poly1305_rtpsize');
    await checkMode(dir, ogg, ['aead_aes256_gcm_rtpsize', 'aead_xchacha20_poly1305_rtpsize'],
      'aead_aes256_gcm_rtpsize', true);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(() => console.log('ok'), (e) => { console.error(e); process.exit(1); });
