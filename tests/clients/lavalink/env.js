// Test environment for the client harness: a real lavalink-gst on a free port, a local HTTP
// server (with Range support, as real media hosts have) serving a generated Ogg tone, and the
// voice test server (tests/voice-server) that the fake VOICE_SERVER_UPDATE points at: without a
// voice connection a track does not advance, as in Lavalink.
'use strict';
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const PASSWORD = 'harness-pass';

function makeTone(dir, seconds) {
  const file = path.join(dir, 'tone.ogg');
  execFileSync(process.env.GST_LAUNCH || 'gst-launch-1.0', ['-q',
    'audiotestsrc', `num-buffers=${seconds * 50}`, 'samplesperbuffer=960', '!',
    'audio/x-raw,rate=48000,channels=2', '!', 'taginject', 'tags=title=Harness-Tone,artist=gst-lavalink',
    '!', 'audioconvert', '!', 'vorbisenc', '!', 'oggmux', '!', 'filesink', `location=${file}`]);
  return fs.readFileSync(file);
}

// Serves `body` at /tone.ogg, answering Range requests with 206.
function startMediaServer(body) {
  const server = http.createServer((req, res) => {
    if (req.url !== '/tone.ogg') { res.writeHead(404).end(); return; }
    const range = /bytes=(\d*)-(\d*)/.exec(req.headers.range || '');
    const headers = { 'Content-Type': 'audio/ogg', 'Accept-Ranges': 'bytes' };
    if (!range) {
      res.writeHead(200, { ...headers, 'Content-Length': body.length }).end(body);
      return;
    }
    let start = range[1] === '' ? body.length - Number(range[2]) : Number(range[1]);
    let end = range[1] === '' || range[2] === '' ? body.length - 1 : Number(range[2]);
    start = Math.max(0, start);
    end = Math.min(end, body.length - 1);
    res.writeHead(206, { ...headers, 'Content-Length': end - start + 1,
      'Content-Range': `bytes ${start}-${end}/${body.length}` }).end(body.subarray(start, end + 1));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function startNode(dir) {
  const config = path.join(dir, 'application.yml');
  fs.writeFileSync(config, [
    'server:', '  port: 0', '  address: 127.0.0.1',
    'lavalink:', '  server:', `    password: "${PASSWORD}"`, '    playerUpdateInterval: 1', '',
  ].join('\n'));
  const child = spawn(process.env.LAVALINK_GST, ['--config', config], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /Listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.on('exit', (code) => reject(new Error(`lavalink-gst exited with ${code}`)));
  });
}

// Starts lava-voice-test-server; resolves with its ws:// endpoint once it listens.
function startVoiceServer() {
  const child = spawn(process.env.VOICE_TEST_SERVER, [], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /"event":"listening","port":(\d+)/.exec(out);
      if (m) resolve({ child, endpoint: `ws://127.0.0.1:${m[1]}` });
    });
    child.on('exit', (code) => reject(new Error(`voice test server exited with ${code}`)));
  });
}

async function startEnv() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lava-clients-'));
  const media = await startMediaServer(makeTone(dir, 4));
  const node = await startNode(dir);
  const voice = await startVoiceServer();
  const toneUrl = `http://127.0.0.1:${media.address().port}/tone.ogg`;
  const rest = async (method, p, body) => {
    const r = await fetch(`http://127.0.0.1:${node.port}${p}`, {
      method, headers: { Authorization: PASSWORD, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    return { status: r.status, json: text ? JSON.parse(text) : null };
  };
  const stop = async () => {
    node.child.kill('SIGTERM');
    await new Promise((r) => (node.child.exitCode !== null ? r() : node.child.once('exit', r)));
    await new Promise((r) => media.close(r));
    voice.child.stdin.end();
    voice.child.kill('SIGTERM');
    await new Promise((r) => (voice.child.exitCode !== null ? r() : voice.child.once('exit', r)));
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return { port: node.port, password: PASSWORD, toneUrl, voiceEndpoint: voice.endpoint, rest, stop };
}

// Resolves with the first `event` emitted by `emitter` for which `match(...args)` holds.
function waitFor(emitter, event, match = () => true, timeoutMs = 15000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, on);
      reject(new Error(`timed out waiting for ${event}`));
    }, timeoutMs);
    function on(...args) {
      if (!match(...args)) return;
      clearTimeout(timer);
      emitter.off(event, on);
      resolve(args);
    }
    emitter.on(event, on);
  });
}

module.exports = { startEnv, waitFor };
